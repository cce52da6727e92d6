package dev.nis.deploy.chart;

import java.util.List;
import java.util.Map;

/** One rendered Kubernetes object and the template it came from. */
public record Manifest(String source, Map<String, Object> body) {

  public String apiVersion() {
    return (String) body.get("apiVersion");
  }

  public String kind() {
    return (String) body.get("kind");
  }

  public String name() {
    return (String) ChartFiles.at(body, "metadata.name");
  }

  public Map<String, Object> labels() {
    return ChartFiles.map(ChartFiles.at(body, "metadata.labels"));
  }

  public Map<String, Object> annotations() {
    return ChartFiles.map(ChartFiles.at(body, "metadata.annotations"));
  }

  public Map<String, Object> spec() {
    return ChartFiles.map(body.get("spec"));
  }

  /** The pod template's spec of a Deployment or Job. */
  public Map<String, Object> podSpec() {
    return ChartFiles.map(ChartFiles.at(body, "spec.template.spec"));
  }

  public Map<String, Object> podLabels() {
    return ChartFiles.map(ChartFiles.at(body, "spec.template.metadata.labels"));
  }

  public Map<String, Object> podAnnotations() {
    return ChartFiles.map(ChartFiles.at(body, "spec.template.metadata.annotations"));
  }

  public List<Map<String, Object>> containers() {
    return ChartFiles.list(podSpec().get("containers")).stream().map(ChartFiles::map).toList();
  }

  @Override
  public String toString() {
    return kind() + " " + name() + " (" + source + ")";
  }
}
