package org.silkgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The check that ends every run of {@code bench as4 --nodes}: each count equals the messages submitted. */
class ExactlyOnceLedgerTest {

    @Test
    void messagesThatEachWentOnceAreNoProblem() {
        assertEquals(List.of(), new ExactlyOnceLedger(2000, 2000, 2000, 2000, 2000, 2000, 2000, 2000).problems());
    }

    @Test
    void aMessageSentTwiceIsNamed() {
        List<String> problems = new ExactlyOnceLedger(2000, 2000, 2000, 2000, 2001, 2000, 2000, 2000).problems();

        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("2001 AS4 sends"), problems.get(0));
    }

    @Test
    void eachMissingCountIsNamed() {
        List<String> problems = new ExactlyOnceLedger(100, 100, 99, 98, 100, 97, 96, 101).problems();

        assertEquals(5, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("99 of them SENT for 100"), problems.get(0));
        assertTrue(problems.get(4).startsWith("101 documents handed to the back office"), problems.get(4));
    }
}
