package org.silkgate.smp.signing;

import java.io.ByteArrayOutputStream;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.apache.xml.security.algorithms.MessageDigestAlgorithm;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.keys.content.X509Data;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.silkgate.schemas.xml.XmlInputException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Signs a SignedServiceMetadata document the way Peppol SMP 1.x clients verify it: an enveloped XMLDSig signature as
 * the last child of the root, Reference URI="", inclusive C14N 1.0, RSA-SHA256, SHA-256 digest, KeyInfo with
 * X509SubjectName and X509Certificate. Apache Santuario's process-wide initialisation lives here and nowhere else.
 */
public final class MetadataSigner {
    static {
        // Base64 without line breaks: otherwise the serializer writes "&#13;" into every certificate and signature
        // value.
        if (System.getProperty("org.apache.xml.security.ignoreLineBreaks") == null) {
            System.setProperty("org.apache.xml.security.ignoreLineBreaks", "true");
        }
        org.apache.xml.security.Init.init();
    }

    private final SigningKey key;

    public MetadataSigner(SigningKey key) {
        this.key = key;
    }

    public SigningKey key() {
        return key;
    }

    /**
     * Signs the root element of {@code unsigned} and returns the exact bytes to store and serve. The document is
     * serialized and re-parsed first, so the DOM that is canonicalised carries every namespace declaration the
     * served bytes carry.
     */
    public byte[] sign(Document unsigned) {
        try {
            Document doc = XmlPerThread.parse(serialize(unsigned));
            Element root = doc.getDocumentElement();
            XMLSignature signature = new XMLSignature(
                    doc, "", XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256, Canonicalizer.ALGO_ID_C14N_OMIT_COMMENTS);
            root.appendChild(signature.getElement());
            Transforms transforms = new Transforms(doc);
            transforms.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
            signature.addDocument("", transforms, MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA256);
            X509Data x509 = new X509Data(doc);
            x509.addSubjectName(key.certificate());
            x509.addCertificate(key.certificate());
            signature.getKeyInfo().add(x509);
            signature.sign(key.privateKey());
            return serialize(doc);
        } catch (XMLSecurityException | XmlInputException e) {
            XmlPerThread.discard();
            throw new IllegalStateException("signing service metadata failed: " + e.getMessage(), e);
        }
    }

    /** Writes a node as UTF-8 XML exactly as it is: no indentation, no re-ordering. */
    public static byte[] serialize(Node node) {
        try {
            Transformer t = XmlPerThread.writer(node instanceof Document);
            ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
            t.transform(new DOMSource(node), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException | RuntimeException e) {
            XmlPerThread.discard();
            throw new IllegalStateException("cannot serialize XML: " + e.getMessage(), e);
        }
    }
}
