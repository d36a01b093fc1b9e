package org.silkgate.schemas.xsd;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import org.junit.jupiter.api.Test;
import org.xml.sax.SAXException;

class XsdCatalogueTest {

    @Test
    void compilesUbl24MainDocumentsOnceAndSharesThem() {
        Schema tender = XsdCatalogue.ubl24("Tender");
        assertSame(tender, XsdCatalogue.ubl24("Tender"));
        XsdCatalogue.ubl24("ExportCustomsDeclaration");
        XsdCatalogue.ubl24("CertificateOfOrigin");
        assertSame(
                XsdCatalogue.ubl("2.4", List.of("Order", "Tender")),
                XsdCatalogue.ubl("2.4", List.of("Tender", "Order")));
    }

    @Test
    void rejectsAnInvalidUbl21InvoiceAndNamesTheElement() {
        String invoice = """
                <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
                         xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
                  <cbc:ID>1</cbc:ID><cbc:Colour>red</cbc:Colour>
                </Invoice>""";
        SAXException e = assertThrows(SAXException.class, () -> validate(XsdCatalogue.ubl21("Invoice"), invoice));
        assertTrue(e.getMessage().contains("Colour"), e.getMessage());
    }

    @Test
    void refusesDocumentNamesThatUblDoesNotHave() {
        assertThrows(IllegalArgumentException.class, () -> XsdCatalogue.ubl24("Bicycle"));
        assertThrows(IllegalArgumentException.class, () -> XsdCatalogue.ubl24("../../etc/passwd"));
        assertTrue(XsdCatalogue.hasUbl("2.1", "CreditNote"));
    }

    @Test
    void validatesAStandardBusinessDocumentHeaderWithAnyPayload() throws Exception {
        validate(XsdCatalogue.sbdh(), """
                <StandardBusinessDocument xmlns="http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader">
                  <StandardBusinessDocumentHeader>
                    <HeaderVersion>1.0</HeaderVersion>
                    <Sender><Identifier Authority="iso6523-actorid-upis">9970:980540001256</Identifier></Sender>
                    <Receiver><Identifier Authority="iso6523-actorid-upis">9972:204493002</Identifier></Receiver>
                    <DocumentIdentification>
                      <Standard>urn:oasis:names:specification:ubl:schema:xsd:Tender-2</Standard>
                      <TypeVersion>2.4</TypeVersion><InstanceIdentifier>abc</InstanceIdentifier>
                      <Type>Tender</Type><CreationDateAndTime>2026-11-28T10:00:00Z</CreationDateAndTime>
                    </DocumentIdentification>
                  </StandardBusinessDocumentHeader>
                  <Tender xmlns="urn:oasis:names:specification:ubl:schema:xsd:Tender-2"/>
                </StandardBusinessDocument>""");
    }

    @Test
    void validatesPeppolAndBdxrServiceGroups() throws Exception {
        validate(XsdCatalogue.peppolSmp(), """
                <smp:ServiceGroup xmlns:smp="http://busdox.org/serviceMetadata/publishing/1.0/"
                                  xmlns:id="http://busdox.org/transport/identifiers/1.0/">
                  <id:ParticipantIdentifier scheme="iso6523-actorid-upis">9970:980540001256</id:ParticipantIdentifier>
                  <smp:ServiceMetadataReferenceCollection/>
                </smp:ServiceGroup>""");
        validate(XsdCatalogue.bdxrSmp(), """
                <ServiceGroup xmlns="http://docs.oasis-open.org/bdxr/ns/SMP/2016/05">
                  <ParticipantIdentifier scheme="iso6523-actorid-upis">9970:980540001256</ParticipantIdentifier>
                  <ServiceMetadataReferenceCollection/>
                </ServiceGroup>""");
        assertThrows(
                SAXException.class,
                () -> validate(
                        XsdCatalogue.bdxrSmp(),
                        "<ServiceGroup xmlns=\"http://docs.oasis-open.org/bdxr/ns/SMP/2016/05\"/>"));
    }

    private static void validate(Schema schema, String xml) throws Exception {
        schema.newValidator().validate(new StreamSource(new StringReader(xml)));
    }
}
