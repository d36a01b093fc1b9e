package org.silkgate.smp.registry;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.silkgate.schemas.xml.SecureXml;
import org.silkgate.schemas.xml.XmlInputException;
import org.silkgate.smp.identifier.SmpIdentifier;
import org.silkgate.smp.store.RegistryException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The endpoints inside stored (signed) service metadata: read for the operator console's participant detail, and
 * changed for a bulk change of an access point's URL or certificate, which is then signed anew.
 */
public final class Endpoints {
    private Endpoints() {}

    /** One endpoint as registered; {@code certificate} is empty when the registered value is not a certificate. */
    public record Endpoint(
            String process,
            String transportProfile,
            String url,
            Optional<Instant> activation,
            Optional<Instant> expiration,
            Optional<X509Certificate> certificate,
            String description,
            String technicalContact) {}

    /** One document type of a participant: its endpoints, or the SMP it redirects to. */
    public record Service(SmpIdentifier documentType, Optional<String> redirect, List<Endpoint> endpoints) {}

    /**
     * What a bulk change replaces in every endpoint of an operator's registrations that has {@code from}: an
     * endpoint URL, or an access point's certificate (Base64 DER, whitespace and PEM armour ignored).
     */
    public record Change(Target target, String from, String to) {
        public enum Target {
            URL,
            CERTIFICATE
        }

        /** The change with its values normalised, or a 400 naming what is wrong with them. */
        public static Change of(Target target, String from, String to) throws RegistryException {
            if (target == Target.URL) {
                String f = from == null ? "" : from.strip();
                String t = to == null ? "" : to.strip();
                if (f.isEmpty()) throw RegistryException.badRequest("the endpoint URL to replace is missing");
                if (!t.startsWith("https://") && !t.startsWith("http://")) {
                    throw RegistryException.badRequest(
                            "the new endpoint URL must be an absolute http(s) URL, not '" + t + "'");
                }
                return new Change(target, f, t);
            }
            return new Change(
                    target,
                    certificateBase64(from, "the certificate to replace"),
                    certificateBase64(to, "the new certificate"));
        }
    }

    /** A certificate as SMP metadata carries it (Base64 DER on one line), from Base64 or PEM; a 400 if it is none. */
    public static String certificateBase64(String text, String what) throws RegistryException {
        String base64 = text == null
                ? ""
                : text.replace("-----BEGIN CERTIFICATE-----", "")
                        .replace("-----END CERTIFICATE-----", "")
                        .replaceAll("\\s", "");
        if (base64.isEmpty()) throw RegistryException.badRequest(what + " is missing");
        try {
            certificate(base64);
        } catch (IllegalArgumentException | CertificateException e) {
            throw RegistryException.badRequest(what + " is not an X.509 certificate in PEM or Base64");
        }
        return base64;
    }

    static X509Certificate certificate(String base64) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(
                        new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
    }

    /** Reads the endpoints (or redirect) of stored signed metadata. */
    static Service read(SmpIdentifier documentType, byte[] signed) {
        Element serviceMetadata = serviceMetadata(parse(signed));
        Element redirect = SmpXml.child(serviceMetadata, SmpXml.PEPPOL_NS, "Redirect");
        if (redirect != null) return new Service(documentType, Optional.of(redirect.getAttribute("href")), List.of());
        List<Endpoint> endpoints = new ArrayList<>();
        NodeList processes = serviceMetadata.getElementsByTagNameNS(SmpXml.PEPPOL_NS, "Process");
        for (int i = 0; i < processes.getLength(); i++) {
            Element process = (Element) processes.item(i);
            Element processId = SmpXml.child(process, SmpXml.PEPPOL_IDS_NS, "ProcessIdentifier");
            String processText = processId == null
                    ? ""
                    : processId.getAttribute("scheme") + "::"
                            + processId.getTextContent().strip();
            NodeList list = process.getElementsByTagNameNS(SmpXml.PEPPOL_NS, "Endpoint");
            for (int j = 0; j < list.getLength(); j++) {
                Element endpoint = (Element) list.item(j);
                Optional<X509Certificate> certificate;
                try {
                    certificate = Optional.of(certificate(
                            text(endpoint, SmpXml.PEPPOL_NS, "Certificate").replaceAll("\\s", "")));
                } catch (IllegalArgumentException | CertificateException e) {
                    certificate = Optional.empty();
                }
                endpoints.add(new Endpoint(
                        processText,
                        endpoint.getAttribute("transportProfile"),
                        address(endpoint)
                                .map(Element::getTextContent)
                                .map(String::strip)
                                .orElse(""),
                        instant(text(endpoint, SmpXml.PEPPOL_NS, "ServiceActivationDate")),
                        instant(text(endpoint, SmpXml.PEPPOL_NS, "ServiceExpirationDate")),
                        certificate,
                        text(endpoint, SmpXml.PEPPOL_NS, "ServiceDescription"),
                        text(endpoint, SmpXml.PEPPOL_NS, "TechnicalContactUrl")));
            }
        }
        return new Service(documentType, Optional.empty(), endpoints);
    }

    /**
     * The unsigned ServiceMetadata of stored signed metadata with {@code change} applied to its endpoints, or empty when
     * no endpoint has the value to replace (or it is a redirect).
     */
    static Optional<byte[]> changed(byte[] signed, Change change) {
        Element serviceMetadata = serviceMetadata(parse(signed));
        Document unsigned = SecureXml.standard().newDocumentBuilder().newDocument();
        Element copy = (Element) unsigned.importNode(serviceMetadata, true);
        unsigned.appendChild(copy);
        NodeList list = copy.getElementsByTagNameNS(SmpXml.PEPPOL_NS, "Endpoint");
        int changed = 0;
        for (int i = 0; i < list.getLength(); i++) {
            Element endpoint = (Element) list.item(i);
            Element target = change.target() == Change.Target.URL
                    ? address(endpoint).orElse(null)
                    : SmpXml.child(endpoint, SmpXml.PEPPOL_NS, "Certificate");
            if (target == null) continue;
            String value = change.target() == Change.Target.URL
                    ? target.getTextContent().strip()
                    : target.getTextContent().replaceAll("\\s", "");
            if (value.equals(change.from())) {
                target.setTextContent(change.to());
                changed++;
            }
        }
        return changed == 0
                ? Optional.empty()
                : Optional.of(org.silkgate.smp.signing.MetadataSigner.serialize(unsigned));
    }

    private static Document parse(byte[] signed) {
        try {
            return SecureXml.standard().parse(signed);
        } catch (XmlInputException e) {
            throw new IllegalStateException("the registry holds signed metadata it cannot parse: " + e.getMessage(), e);
        }
    }

    private static Element serviceMetadata(Document signed) {
        Element sm = SmpXml.child(signed.getDocumentElement(), SmpXml.PEPPOL_NS, "ServiceMetadata");
        if (sm == null) throw new IllegalStateException("stored signed metadata without ServiceMetadata");
        return sm;
    }

    private static Optional<Element> address(Element endpoint) {
        Element reference = SmpXml.child(endpoint, SmpXml.WSA_NS, "EndpointReference");
        return Optional.ofNullable(reference == null ? null : SmpXml.child(reference, SmpXml.WSA_NS, "Address"));
    }

    private static String text(Element parent, String ns, String name) {
        Element e = SmpXml.child(parent, ns, name);
        return e == null ? "" : e.getTextContent().strip();
    }

    private static Optional<Instant> instant(String text) {
        if (text.isEmpty()) return Optional.empty();
        try {
            return Optional.of(java.time.OffsetDateTime.parse(text).toInstant());
        } catch (java.time.format.DateTimeParseException e) {
            try {
                return Optional.of(java.time.LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC));
            } catch (java.time.format.DateTimeParseException again) {
                return Optional.empty();
            }
        }
    }
}
