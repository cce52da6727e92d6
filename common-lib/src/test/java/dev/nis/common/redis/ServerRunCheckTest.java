package dev.nis.common.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServerRunCheckTest {
  @Test
  void aPrefixIsMatchedLiterally_itsGlobCharactersEscaped() {
    assertThat(ServerRunCheck.globEscaped("nis:courses:")).isEqualTo("nis:courses:");
    assertThat(ServerRunCheck.globEscaped("a*b?c[d]e\\f")).isEqualTo("a\\*b\\?c\\[d\\]e\\\\f");
  }

  @Test
  void theRunIdIsReadFromInfo_andItsAbsenceIsAnError() {
    String info = "# Server\r\nredis_version:7.0.15\r\nrun_id:4f0c1e\r\ntcp_port:6379\r\n";

    assertThat(ServerRunCheck.field(info, "run_id")).isEqualTo("4f0c1e");
    assertThatThrownBy(() -> ServerRunCheck.field("# Server\r\n", "run_id"))
        .hasMessageContaining("run_id");
  }
}
