package io.outboundcalls.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outboundcalls.domain.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumberNormalizerTest {

    private final PhoneNumberNormalizer normalizer =
            new PhoneNumberNormalizer("CZ");

    @ParameterizedTest
    @CsvSource({
            "00420724123456, +420724123456",
            "' 00420724123456', +420724123456",
            "+420 724 123 456, +420724123456",
            "724123456, +420724123456",
            "(724) 123-456, +420724123456",
            "0049 30 1234567, +49301234567"})
    void numbersBecomeE164InTheDefaultRegion(String raw, String expected) {
        assertThat(normalizer.normalize("number", raw)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "12", "++420", "1'; drop table outbound_call; --", " "})
    void badNumbersAreRejectedNamingTheField(String raw) {
        assertThatThrownBy(() -> normalizer.normalize("Par", raw))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("Par: ");
    }
}
