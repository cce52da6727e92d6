package dev.nis.initializer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One field of a configuration that the contract declares, read in a normalised form so that
 * server-side spellings of the same value compare equal. A field whose declared value reads as
 * {@code null} is not declared and is never compared.
 */
record DeclaredField<C>(String name, Function<C, Object> value, boolean updatable) {

  static <C> DeclaredField<C> updatable(String name, Function<C, Object> value) {
    return new DeclaredField<>(name, value, true);
  }

  static <C> DeclaredField<C> fixed(String name, Function<C, Object> value) {
    return new DeclaredField<>(name, value, false);
  }

  static <C> ConfigurationDiff compare(List<DeclaredField<C>> fields, C existing, C declared) {
    List<FieldDifference> differences = new ArrayList<>();
    for (DeclaredField<C> field : fields) {
      Object want = field.value.apply(declared);
      Object have = field.value.apply(existing);
      if (want != null && !Objects.equals(want, have)) {
        differences.add(
            new FieldDifference(
                field.name, String.valueOf(have), String.valueOf(want), field.updatable));
      }
    }
    return new ConfigurationDiff(differences);
  }
}
