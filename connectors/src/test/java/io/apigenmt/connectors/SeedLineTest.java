package io.apigenmt.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigenmt.schemas.SeedRequest;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SeedLineTest {
  private final SeedLine parser = new SeedLine(1000, Set.of());

  @Test
  void shouldBuildASeedRequestFromAValidLine() {
    SeedLine.Result result = parser.parse("{\"seed_id\":\"s-1\",\"domain\":\"retail\",\"tasks\":20,"
        + "\"random_seed\":42,\"options\":{\"persona\":\"terse\",\"recombine\":true,\"n\":3}}");

    assertThat(result).isInstanceOf(SeedLine.Valid.class);
    SeedRequest seed = ((SeedLine.Valid) result).seed();
    assertThat(seed.getSeedId()).isEqualTo("s-1");
    assertThat(seed.getDomain()).isEqualTo("retail");
    assertThat(seed.getTasks()).isEqualTo(20);
    assertThat(seed.getRandomSeed()).isEqualTo(42L);
    assertThat(seed.getOptions()).containsEntry("persona", "terse")
        .containsEntry("recombine", "true").containsEntry("n", "3");
  }

  @Test
  void shouldDefaultRandomSeedAndOptions() {
    SeedRequest seed = ((SeedLine.Valid) parser.parse(
        "{\"seed_id\":\"s\",\"domain\":\"airline\",\"tasks\":1}")).seed();
    assertThat(seed.getRandomSeed()).isZero();
    assertThat(seed.getOptions()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "[1,2]|not a JSON object",
      "{\"seed_id\":\"s\",\"domain\":\"retail\"}|tasks must be an integer",
      "{\"seed_id\":\"s\",\"domain\":\"retail\",\"tasks\":1.5}|tasks must be an integer",
      "{\"seed_id\":\"s\",\"domain\":\"retail\",\"tasks\":\"3\"}|tasks must be an integer",
      "{\"seed_id\":\"s\",\"domain\":\"retail\",\"tasks\":0}|tasks must be between 1 and 1000, got 0",
      "{\"seed_id\":\"s\",\"domain\":\"retail\",\"tasks\":1001}|tasks must be between 1 and 1000",
      "{\"domain\":\"retail\",\"tasks\":1}|seed_id must be a non-empty string",
      "{\"seed_id\":\"a b\",\"domain\":\"retail\",\"tasks\":1}|without whitespace",
      "{\"seed_id\":\"s\",\"tasks\":1}|domain must be a non-empty string",
      "{\"seed_id\":\"s\",\"domain\":\"retail\",\"tasks\":1,\"random_seed\":\"x\"}|random_seed must be an integer",
      "{\"seed_id\":\"s\",\"domain\":\"retail\",\"tasks\":1,\"random_seed\":9007199254740992}|random_seed must be within +-9007199254740991",
      "{\"seed_id\":\"s\",\"domain\":\"retail\",\"tasks\":1,\"options\":[]}|options must be an object",
      "{\"seed_id\":\"s\",\"domain\":\"retail\",\"tasks\":1,\"options\":{\"a\":{}}}|options.a must be a string",
      "{\"seed_id\":\"s\",\"domain\":\"retail\",\"tasks\":1,\"taks\":2}|unknown field 'taks'",
  })
  void shouldExplainWhyALineIsInvalid(String line, String reason) {
    SeedLine.Result result = parser.parse(line);
    assertThat(result).isInstanceOf(SeedLine.Invalid.class);
    assertThat(((SeedLine.Invalid) result).reason()).contains(reason);
  }

  @Test
  void shouldRejectADomainOutsideTheAllowedList() {
    SeedLine strict = new SeedLine(10, Set.of("retail", "airline"));
    SeedLine.Result result = strict.parse("{\"seed_id\":\"s\",\"domain\":\"bank\",\"tasks\":1}");
    assertThat(((SeedLine.Invalid) result).reason()).startsWith("domain 'bank' is not one of");
  }
}
