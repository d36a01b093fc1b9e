package org.silkgate.validation.rules;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import net.sf.saxon.s9api.QName;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.s9api.streams.Predicates;
import net.sf.saxon.s9api.streams.Steps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.silkgate.validation.rules.CarecRuleSets.Rule;
import org.silkgate.validation.rules.CarecRuleSets.RuleSet;

/** The CAREC rule sets keep the convention the engine relies on: IDs, flags and messages in English, Russian, Chinese. */
class CarecRuleSetsTest {
    private static final Pattern CYRILLIC = Pattern.compile("\\p{IsCyrillic}");
    private static final Pattern HAN = Pattern.compile("\\p{IsHan}");

    @Test
    void theThreeCarecSpecificationsHaveAtLeastSixtyRules() {
        int total = Arrays.stream(RuleSet.values())
                .mapToInt(set -> CarecRuleSets.rules(set).size())
                .sum();
        assertTrue(total >= 60, "only " + total + " CAREC rules");
    }

    @ParameterizedTest
    @EnumSource(RuleSet.class)
    void isIsoSchematronWithTheXslt2QueryBinding(RuleSet set) {
        XdmNode schema = CarecRuleSets.document(set)
                .select(Steps.child(Predicates.isElement()))
                .findFirst()
                .orElseThrow();
        assertEquals(new QName("http://purl.oclc.org/dsdl/schematron", "schema"), schema.getNodeName());
        assertEquals("xslt2", schema.getAttributeValue(new QName("queryBinding")));
    }

    @ParameterizedTest
    @EnumSource(RuleSet.class)
    void numbersItsRulesWithoutGapsUnderItsOwnPrefix(RuleSet set) {
        List<Rule> rules = CarecRuleSets.rules(set);
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= rules.size(); i++) expected.add(String.format("%sR%03d", set.prefix, i));
        assertEquals(expected, rules.stream().map(Rule::id).toList());
    }

    @ParameterizedTest
    @EnumSource(RuleSet.class)
    void givesEveryRuleASeverityAndItsMessageInEnglishRussianAndChinese(RuleSet set) {
        List<Executable> checks = new ArrayList<>();
        for (Rule rule : CarecRuleSets.rules(set)) {
            String id = rule.id();
            String prefix = "[" + id + "]-";
            checks.add(() -> assertTrue(
                    rule.flag().equals("fatal") || rule.flag().equals("warning"), id + " flag " + rule.flag()));
            checks.add(() -> assertTrue(
                    rule.english().startsWith(prefix) && rule.english().length() > prefix.length() + 10,
                    id + " English message: " + rule.english()));
            checks.add(() -> assertEquals(id + "-ru " + id + "-zh", rule.diagnostics(), id + " diagnostics"));
            checks.add(() -> assertEquals("ru", rule.russianLang(), id + " Russian diagnostic xml:lang"));
            checks.add(() -> assertEquals("zh", rule.chineseLang(), id + " Chinese diagnostic xml:lang"));
            checks.add(() -> assertTrue(
                    rule.russian().startsWith(prefix) && contains(CYRILLIC).test(rule.russian()),
                    id + " Russian message: " + rule.russian()));
            checks.add(() -> assertTrue(
                    rule.chinese().startsWith(prefix) && contains(HAN).test(rule.chinese()),
                    id + " Chinese message: " + rule.chinese()));
        }
        assertAll(set.name(), checks);
    }

    private static Predicate<String> contains(Pattern script) {
        return text -> script.matcher(text).find();
    }
}
