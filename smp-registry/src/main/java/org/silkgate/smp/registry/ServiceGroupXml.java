package org.silkgate.smp.registry;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.silkgate.smp.identifier.PathCodec;
import org.silkgate.smp.identifier.SmpIdentifier;
import org.silkgate.smp.store.ParticipantRecord;
import org.silkgate.smp.store.RegistryStore.Format;

/** Renders a participant's ServiceGroup (unsigned, per both specifications) with absolute reference hrefs. */
final class ServiceGroupXml {
    /** Where the BDXR SMP 1.0 read API lives below the public URL. */
    static final String BDXR_PREFIX = "/bdxr";

    private ServiceGroupXml() {}

    static byte[] render(ParticipantRecord p, List<SmpIdentifier> documentTypes, String publicUrl, Format format) {
        boolean peppol = format == Format.PEPPOL;
        String base = peppol ? publicUrl : publicUrl + BDXR_PREFIX;
        String ids = peppol ? "ids:" : "";
        StringBuilder sb = new StringBuilder(512 + 256 * documentTypes.size());
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>");
        if (peppol) {
            sb.append("<ServiceGroup xmlns=\"")
                    .append(SmpXml.PEPPOL_NS)
                    .append("\" xmlns:ids=\"")
                    .append(SmpXml.PEPPOL_IDS_NS)
                    .append("\">");
        } else {
            sb.append("<ServiceGroup xmlns=\"").append(SmpXml.BDXR_NS).append("\">");
        }
        sb.append('<')
                .append(ids)
                .append("ParticipantIdentifier scheme=\"")
                .append(SmpXml.escape(p.id().scheme()))
                .append("\">")
                .append(SmpXml.escape(p.id().value()))
                .append("</")
                .append(ids)
                .append("ParticipantIdentifier>");
        sb.append("<ServiceMetadataReferenceCollection>");
        String participantPath = base + "/" + PathCodec.encode(p.id().toString()) + "/services/";
        for (SmpIdentifier doc : documentTypes) {
            sb.append("<ServiceMetadataReference href=\"")
                    .append(SmpXml.escape(participantPath + PathCodec.encode(doc.toString())))
                    .append("\"/>");
        }
        sb.append("</ServiceMetadataReferenceCollection>");
        if (p.extensionXml() != null)
            sb.append("<Extension>").append(p.extensionXml()).append("</Extension>");
        sb.append("</ServiceGroup>");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
