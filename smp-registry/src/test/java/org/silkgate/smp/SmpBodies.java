package org.silkgate.smp;

/** Request bodies as a national operator would PUT them. */
final class SmpBodies {
    static final String INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice"
            + "##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1";
    static final String BILLING = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";
    static final String TENDER = "urn:oasis:names:specification:ubl:schema:xsd:Tender-2::Tender"
            + "##urn:fdc:silkgate.carec:2026:tendering:1.0::2.4";
    static final String TENDERING = "urn:fdc:silkgate.carec:2026:tendering:01:1.0";
    static final String AS4 = "peppol-transport-as4-v2_0";

    private SmpBodies() {}

    static String serviceGroup(String participantValue, String name, String country) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <ServiceGroup xmlns="http://busdox.org/serviceMetadata/publishing/1.0/"
                              xmlns:ids="http://busdox.org/transport/identifiers/1.0/">
                  <ids:ParticipantIdentifier scheme="iso6523-actorid-upis">%s</ids:ParticipantIdentifier>
                  <ServiceMetadataReferenceCollection/>
                  <Extension>
                    <sg:BusinessCard xmlns:sg="urn:silkgate:smp:business-card:1.0">
                      <sg:Name>%s</sg:Name>
                      <sg:CountryCode>%s</sg:CountryCode>
                    </sg:BusinessCard>
                  </Extension>
                </ServiceGroup>
                """.formatted(participantValue, name, country);
    }

    static String serviceMetadata(
            String participantValue,
            String documentType,
            String process,
            String endpointUrl,
            String certificateBase64) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <ServiceMetadata xmlns="http://busdox.org/serviceMetadata/publishing/1.0/"
                                 xmlns:ids="http://busdox.org/transport/identifiers/1.0/"
                                 xmlns:wsa="http://www.w3.org/2005/08/addressing">
                  <ServiceInformation>
                    <ids:ParticipantIdentifier scheme="iso6523-actorid-upis">%s</ids:ParticipantIdentifier>
                    <ids:DocumentIdentifier scheme="busdox-docid-qns">%s</ids:DocumentIdentifier>
                    <ProcessList>
                      <Process>
                        <ids:ProcessIdentifier scheme="cenbii-procid-ubl">%s</ids:ProcessIdentifier>
                        <ServiceEndpointList>
                          <Endpoint transportProfile="peppol-transport-as4-v2_0">
                            <wsa:EndpointReference><wsa:Address>%s</wsa:Address></wsa:EndpointReference>
                            <RequireBusinessLevelSignature>false</RequireBusinessLevelSignature>
                            <ServiceActivationDate>2025-01-01T00:00:00Z</ServiceActivationDate>
                            <ServiceExpirationDate>2035-01-01T00:00:00Z</ServiceExpirationDate>
                            <Certificate>%s</Certificate>
                            <ServiceDescription>SilkGate access point</ServiceDescription>
                            <TechnicalContactUrl>mailto:operations@silkgate.example</TechnicalContactUrl>
                          </Endpoint>
                        </ServiceEndpointList>
                      </Process>
                    </ProcessList>
                  </ServiceInformation>
                </ServiceMetadata>
                """.formatted(participantValue, documentType, process, endpointUrl, certificateBase64);
    }

    static String redirect(String href, String certificateUid) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <ServiceMetadata xmlns="http://busdox.org/serviceMetadata/publishing/1.0/">
                  <Redirect href="%s">
                    <CertificateUID>%s</CertificateUID>
                  </Redirect>
                </ServiceMetadata>
                """.formatted(href, certificateUid);
    }
}
