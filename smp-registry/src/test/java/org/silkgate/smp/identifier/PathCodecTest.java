package org.silkgate.smp.identifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PathCodecTest {
    @Test
    void decodesPercentEscapesButKeepsPlusSigns() throws IdentifierException {
        assertEquals("busdox-docid-qns::a+b##c::2.1", PathCodec.decode("busdox-docid-qns%3A%3Aa+b%23%23c%3A%3A2.1"));
        assertEquals("iso6523-actorid-upis::9970:1", PathCodec.decode("iso6523-actorid-upis::9970:1"));
        assertEquals("Алматы", PathCodec.decode("%D0%90%D0%BB%D0%BC%D0%B0%D1%82%D1%8B"));
        assertEquals("Алматы:1", PathCodec.decode("Алматы%3A1"));
    }

    @Test
    void encodesEverythingButUnreservedCharactersAndRoundTrips() throws IdentifierException {
        String id = "busdox-docid-qns::urn:x:Invoice-2::Invoice##urn:cen.eu:en16931:2017#compliant::2.1";
        String encoded = PathCodec.encode(id);
        assertEquals(
                "busdox-docid-qns%3A%3Aurn%3Ax%3AInvoice-2%3A%3AInvoice%23%23urn%3Acen.eu%3Aen16931%3A2017%23compliant%3A%3A2.1",
                encoded);
        assertEquals(id, PathCodec.decode(encoded));
    }

    @Test
    void refusesTruncatedOrNonHexEscapesNamingThePosition() {
        IdentifierException e = assertThrows(IdentifierException.class, () -> PathCodec.decode("9970%3"));
        assertEquals("malformed percent-escape at position 4 in '9970%3'", e.getMessage());
        assertThrows(IdentifierException.class, () -> PathCodec.decode("9970%ZZ"));
    }
}
