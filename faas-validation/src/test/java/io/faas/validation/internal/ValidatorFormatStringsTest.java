package io.faas.validation.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValidatorFormatStringsTest {

    @Test
    void braceFieldsLikeStringFormatterParse() throws Exception {
        assertThat(FormatStrings.braceFields("a{0}b{name!r:>{w}}{{}}"))
                .extracting(FormatStrings.Field::name, FormatStrings.Field::spec)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("0", ""),
                        org.assertj.core.groups.Tuple.tuple("name", ">{w}"));
        assertThatThrownBy(() -> FormatStrings.braceFields("{")).hasMessage("Single '{' encountered in format string");
        assertThatThrownBy(() -> FormatStrings.braceFields("}")).hasMessage("Single '}' encountered in format string");
        assertThatThrownBy(() -> FormatStrings.braceFields("{0")).hasMessage("expected '}' before end of string");
        assertThatThrownBy(() -> FormatStrings.braceFields("{0:")).hasMessage("unmatched '{' in format spec");
        assertThatThrownBy(() -> FormatStrings.braceFields("{!")).hasMessage(
                "end of string while looking for conversion specifier");
        assertThatThrownBy(() -> FormatStrings.braceFields("{!rx}")).hasMessage(
                "expected ':' after conversion specifier");
    }

    @Test
    void percentFields() throws Exception {
        assertThat(FormatStrings.percentFields("%(a)-5.2f %*d %%"))
                .extracting(FormatStrings.Percent::key, FormatStrings.Percent::conversion)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 'f'),
                        org.assertj.core.groups.Tuple.tuple(null, 'd'),
                        org.assertj.core.groups.Tuple.tuple(null, '%'));
        assertThatThrownBy(() -> FormatStrings.percentFields("%(a)")).isInstanceOf(FormatStrings.FormatError.class);
    }

    @Test
    void pythonRepr() {
        assertThat(PyRepr.str("it's")).isEqualTo("\"it's\"");
        assertThat(PyRepr.str("a\nb\\")).isEqualTo("'a\\nb\\\\'");
        assertThat(PyRepr.floatRepr(1e16)).isEqualTo("1e+16");
        assertThat(PyRepr.floatRepr(0.0001)).isEqualTo("0.0001");
        assertThat(PyRepr.floatRepr(1.5)).isEqualTo("1.5");
        assertThat(PyRepr.floatRepr(100.0)).isEqualTo("100.0");
    }
}
