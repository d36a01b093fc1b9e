package org.silkgate.smp.registry;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.silkgate.schemas.xsd.XsdCatalogue;
import org.silkgate.smp.identifier.IdentifierException;
import org.silkgate.smp.identifier.ParticipantPolicy;
import org.silkgate.smp.identifier.PathCodec;
import org.silkgate.smp.identifier.SmpIdentifier;
import org.silkgate.smp.signing.MetadataSigner;
import org.silkgate.smp.store.DirectoryEntry;
import org.silkgate.smp.store.MetadataRecord;
import org.silkgate.smp.store.ParticipantRecord;
import org.silkgate.smp.store.PostgresChangeListener;
import org.silkgate.smp.store.RegistryException;
import org.silkgate.smp.store.RegistryStore;
import org.silkgate.smp.store.RegistryStore.Format;
import org.silkgate.smp.store.WriteOutcome;
import org.silkgate.smp.users.IcdScope;
import org.silkgate.smp.users.Operator;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The registry's behaviour behind the HTTP interface: lookups served from memory when hot, registrations checked
 * (schema, identifiers, the writer's ICDs, ownership), signed once and stored.
 */
public final class Registry {
    /** ServiceGroup Extension content that names the participant for the directory (see README). */
    public static final String BUSINESS_CARD_NS = "urn:silkgate:smp:business-card:1.0";

    private static final String SERVICE_GROUP = "\u0000sg";
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    private final RegistryStore store;
    private final MetadataSigner signer;
    private final String publicUrl;
    private final HotDocuments hot;

    /**
     * @param publicUrl the base URL clients use, without a trailing slash; hrefs in ServiceGroups are built from it
     * @param hotCacheBytes what the hot documents may cost the heap (estimated; see {@link #hotCache()})
     */
    public Registry(RegistryStore store, MetadataSigner signer, String publicUrl, long hotCacheBytes) {
        this(store, signer, publicUrl, hotCacheBytes, false);
    }

    /**
     * @param sharedStore true when other nodes may write the same database: nothing is served hot until
     *     {@link #hotInvalidations()} is told that their writes are heard
     */
    public Registry(
            RegistryStore store, MetadataSigner signer, String publicUrl, long hotCacheBytes, boolean sharedStore) {
        this.store = store;
        this.signer = signer;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        this.hot = new HotDocuments(hotCacheBytes, !sharedStore);
    }

    /** The hot documents' estimated heap bytes, budget and counts, now. */
    public HotCacheStats hotCache() {
        return hot.stats();
    }

    /** What a {@link PostgresChangeListener} does to this registry's hot documents when it hears a write. */
    public PostgresChangeListener.Invalidations hotInvalidations() {
        return new PostgresChangeListener.Invalidations() {
            @Override
            public void participantChanged(String participantKey) {
                hot.invalidate(participantKey);
            }

            @Override
            public void everythingChanged() {
                hot.invalidateAll();
            }

            @Override
            public void listenerDown() {
                hot.suspend();
            }

            @Override
            public void listenerUp() {
                hot.resume();
            }
        };
    }

    public RegistryStore store() {
        return store;
    }

    public MetadataSigner signer() {
        return signer;
    }

    /** Decodes and parses an identifier from a raw (still percent-encoded) path segment. */
    public static SmpIdentifier fromPath(SmpIdentifier.Kind kind, String rawSegment) throws RegistryException {
        try {
            return SmpIdentifier.parse(kind, PathCodec.decode(rawSegment));
        } catch (IdentifierException e) {
            throw RegistryException.badRequest(e.getMessage());
        }
    }

    // ---- read side ----

    /** The ServiceGroup if it is in memory; null otherwise (then {@link #serviceGroup} loads it). */
    public byte[] hotServiceGroup(SmpIdentifier participant, Format format) {
        return hot.get(participant.key(), format.name() + SERVICE_GROUP);
    }

    /** The signed metadata if it is in memory; null otherwise (then {@link #signedServiceMetadata} loads it). */
    public byte[] hotServiceMetadata(SmpIdentifier participant, SmpIdentifier documentType, Format format) {
        return hot.get(participant.key(), format.name() + documentType.key());
    }

    public Optional<byte[]> serviceGroup(SmpIdentifier participant, Format format) throws SQLException {
        String docKey = format.name() + SERVICE_GROUP;
        byte[] cached = hot.get(participant.key(), docKey);
        if (cached != null) return Optional.of(cached);
        long epoch = hot.epoch();
        Optional<ParticipantRecord> p = store.participant(participant);
        if (p.isEmpty()) return Optional.empty();
        byte[] xml = ServiceGroupXml.render(p.get(), store.documentTypes(participant), publicUrl, format);
        hot.offer(participant.key(), docKey, xml, epoch);
        return Optional.of(xml);
    }

    public Optional<byte[]> signedServiceMetadata(SmpIdentifier participant, SmpIdentifier documentType, Format format)
            throws SQLException {
        String docKey = format.name() + documentType.key();
        byte[] cached = hot.get(participant.key(), docKey);
        if (cached != null) return Optional.of(cached);
        long epoch = hot.epoch();
        Optional<byte[]> signed = store.signedMetadata(participant, documentType, format);
        signed.ifPresent(bytes -> hot.offer(participant.key(), docKey, bytes, epoch));
        return signed;
    }

    public List<DirectoryEntry> directory(String country, String text, int limit) throws SQLException {
        return store.search(country, text, limit);
    }

    /** The participants an operator registered (and so may change), in the directory's form. */
    public List<DirectoryEntry> ownedBy(Operator operator, int limit) throws SQLException {
        return store.search(null, null, operator.name(), limit);
    }

    // ---- write side ----

    public WriteOutcome putServiceGroup(SmpIdentifier participant, byte[] body, Operator operator)
            throws RegistryException, SQLException {
        Document doc = SmpXml.parseValid(body, XsdCatalogue.peppolSmp(), SmpXml.PEPPOL_NS, "ServiceGroup");
        Element root = doc.getDocumentElement();
        requireSame(
                "ServiceGroup",
                participant,
                identifierIn(root, "ParticipantIdentifier", SmpIdentifier.Kind.PARTICIPANT));
        try {
            ParticipantPolicy.check(participant);
        } catch (IdentifierException e) {
            throw RegistryException.badRequest(e.getMessage());
        }
        requireScope(operator, participant);
        Element extension = SmpXml.child(root, SmpXml.PEPPOL_NS, "Extension");
        Element content = extension == null
                ? null
                : SmpXml.children(extension).stream().findFirst().orElse(null);
        String name = null;
        String country = ParticipantPolicy.countryOf(participant).orElse(null);
        if (content != null
                && BUSINESS_CARD_NS.equals(content.getNamespaceURI())
                && "BusinessCard".equals(content.getLocalName())) {
            Element nameElement = SmpXml.child(content, BUSINESS_CARD_NS, "Name");
            Element countryElement = SmpXml.child(content, BUSINESS_CARD_NS, "CountryCode");
            if (nameElement != null && !nameElement.getTextContent().isBlank())
                name = nameElement.getTextContent().strip();
            if (countryElement != null) {
                country = countryElement.getTextContent().strip().toUpperCase(Locale.ROOT);
                if (!COUNTRY.matcher(country).matches()) {
                    throw RegistryException.badRequest(
                            "BusinessCard/CountryCode must be an ISO 3166-1 alpha-2 code, not '" + country + "'");
                }
            }
        }
        String extensionXml =
                content == null ? null : new String(MetadataSigner.serialize(content), StandardCharsets.UTF_8);
        WriteOutcome outcome = store.putParticipant(
                new ParticipantRecord(participant, operator.name(), name, country, extensionXml),
                operator.clientAddress());
        hot.invalidate(participant.key());
        return outcome;
    }

    public void deleteServiceGroup(SmpIdentifier participant, Operator operator)
            throws RegistryException, SQLException {
        requireScope(operator, participant);
        store.deleteParticipant(participant, operator.name(), operator.clientAddress());
        hot.invalidate(participant.key());
    }

    public WriteOutcome putServiceMetadata(
            SmpIdentifier participant, SmpIdentifier documentType, byte[] body, Operator operator)
            throws RegistryException, SQLException {
        requireScope(operator, participant);
        String user = operator.name();
        ParticipantRecord owner = store.participant(participant)
                .orElseThrow(() -> RegistryException.notFound("participant " + participant + " is not registered"));
        if (!owner.owner().equals(user)) {
            throw RegistryException.forbidden(
                    "participant " + participant + " belongs to another user than '" + user + "'");
        }
        MetadataRecord signed = signServiceMetadata(participant, documentType, body);
        WriteOutcome outcome = store.putMetadata(signed, user, operator.clientAddress());
        hot.invalidate(participant.key());
        return outcome;
    }

    /**
     * Checks a ServiceMetadata body against the schema and the URL's identifiers and signs it in both dialects
     * (BDXR only when the content converts to valid BDXR); nothing is stored.
     */
    public MetadataRecord signServiceMetadata(SmpIdentifier participant, SmpIdentifier documentType, byte[] body)
            throws RegistryException {
        Document doc = SmpXml.parseValid(body, XsdCatalogue.peppolSmp(), SmpXml.PEPPOL_NS, "ServiceMetadata");
        Element serviceMetadata = doc.getDocumentElement();
        Element information = SmpXml.child(serviceMetadata, SmpXml.PEPPOL_NS, "ServiceInformation");
        if (information != null) {
            requireSame(
                    "ServiceInformation",
                    participant,
                    identifierIn(information, "ParticipantIdentifier", SmpIdentifier.Kind.PARTICIPANT));
            requireSame(
                    "ServiceInformation",
                    documentType,
                    identifierIn(information, "DocumentIdentifier", SmpIdentifier.Kind.DOCUMENT_TYPE));
        } else {
            Element redirect = SmpXml.child(serviceMetadata, SmpXml.PEPPOL_NS, "Redirect");
            String href = redirect.getAttribute("href");
            if (!href.startsWith("https://") && !href.startsWith("http://")) {
                throw RegistryException.badRequest(
                        "Redirect/@href must be an absolute http(s) URL, not '" + href + "'");
            }
        }
        byte[] peppol = signer.sign(wrap(serviceMetadata));
        Document bdxr = BdxrConverter.toSignedServiceMetadata(serviceMetadata);
        byte[] bdxrSigned = bdxr == null ? null : signer.sign(bdxr);
        return new MetadataRecord(participant, documentType, peppol, bdxrSigned);
    }

    /**
     * Loads new participants with already signed metadata in one transaction (filling a registry for benchmarks); to
     * load very many, call it once per slice of a few thousand, so only one slice is ever held in memory.
     */
    public void bulkLoad(List<ParticipantRecord> participants, List<MetadataRecord> metadata) throws SQLException {
        store.bulkLoad(participants, metadata);
        for (ParticipantRecord p : participants) hot.invalidate(p.id().key());
    }

    public void deleteServiceMetadata(SmpIdentifier participant, SmpIdentifier documentType, Operator operator)
            throws RegistryException, SQLException {
        requireScope(operator, participant);
        store.deleteMetadata(participant, documentType, operator.name(), operator.clientAddress());
        hot.invalidate(participant.key());
    }

    // ---- the operator console ----

    /**
     * A participant with its document types' endpoints, if {@code operator} owns it (the console shows an operator only
     * its own registrations; the public read API shows everything, as Peppol SMP reads are public).
     */
    public Optional<OwnedParticipant> owned(SmpIdentifier participant, Operator operator) throws SQLException {
        Optional<ParticipantRecord> record = store.participant(participant);
        if (record.isEmpty() || !record.get().owner().equals(operator.name())) return Optional.empty();
        List<Endpoints.Service> services = new java.util.ArrayList<>();
        for (SmpIdentifier documentType : store.documentTypes(participant)) {
            Optional<byte[]> signed = store.signedMetadata(participant, documentType, Format.PEPPOL);
            if (signed.isPresent()) services.add(Endpoints.read(documentType, signed.get()));
        }
        return Optional.of(new OwnedParticipant(record.get(), services));
    }

    /** A participant its operator sees in the console. */
    public record OwnedParticipant(ParticipantRecord record, List<Endpoints.Service> services) {}

    /** One document whose endpoints a bulk change rewrites, signed anew but not yet stored. */
    public record PlannedChange(
            SmpIdentifier participant, SmpIdentifier documentType, RegistryStore.Replacement write) {
        /** Names the document: a preview and its confirmation must name the same documents. */
        public String key() {
            return participant.key() + " " + documentType.key();
        }
    }

    /**
     * Every document of {@code operator}'s participants (within its ICDs) in which {@code change} replaces an endpoint's
     * URL or certificate, each checked and signed anew as a PUT of it would be; nothing is stored.
     */
    public List<PlannedChange> planEndpointChange(Operator operator, Endpoints.Change change)
            throws SQLException, RegistryException {
        List<PlannedChange> planned = new java.util.ArrayList<>();
        for (DirectoryEntry entry : store.search(null, null, operator.name(), Integer.MAX_VALUE)) {
            SmpIdentifier participant;
            try {
                participant = SmpIdentifier.of(SmpIdentifier.Kind.PARTICIPANT, entry.scheme(), entry.value());
            } catch (IdentifierException e) {
                throw new IllegalStateException("the database holds an invalid identifier " + entry.participantId(), e);
            }
            try {
                requireScope(operator, participant);
            } catch (RegistryException outsideItsIcds) {
                continue; // its writes would be refused: a bulk change leaves it as it is
            }
            for (SmpIdentifier documentType : store.documentTypes(participant)) {
                Optional<byte[]> signed = store.signedMetadata(participant, documentType, Format.PEPPOL);
                if (signed.isEmpty()) continue;
                Optional<byte[]> unsigned = Endpoints.changed(signed.get(), change);
                if (unsigned.isEmpty()) continue;
                MetadataRecord record = signServiceMetadata(participant, documentType, unsigned.get());
                planned.add(new PlannedChange(
                        participant, documentType, new RegistryStore.Replacement(record, signed.get())));
            }
        }
        return planned;
    }

    /**
     * Plans {@code change} again and stores it in one transaction, every document re-signed; refused (409) when the
     * documents it would change are not exactly {@code previewed} (the keys of the preview the operator confirmed), or
     * one of them changed meanwhile.
     */
    public List<PlannedChange> applyEndpointChange(
            Operator operator, Endpoints.Change change, java.util.Set<String> previewed)
            throws SQLException, RegistryException {
        List<PlannedChange> planned = planEndpointChange(operator, change);
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (PlannedChange p : planned) keys.add(p.key());
        if (!keys.equals(previewed)) {
            throw RegistryException.conflict("the registrations changed since the preview: " + planned.size()
                    + " document(s) would change now, " + previewed.size() + " were previewed; preview again");
        }
        if (planned.isEmpty()) return planned;
        String why = "bulk change of the endpoint "
                + (change.target() == Endpoints.Change.Target.URL ? "URL" : "certificate");
        try {
            store.replaceMetadata(
                    planned.stream().map(PlannedChange::write).toList(),
                    operator.name(),
                    operator.clientAddress(),
                    why);
        } finally {
            for (PlannedChange p : planned) hot.invalidate(p.participant().key());
        }
        return planned;
    }

    /** Refuses (403, naming the ICD) a write to a participant outside the ICDs its writer may register under. */
    static void requireScope(Operator operator, SmpIdentifier participant) throws RegistryException {
        IcdScope icds = operator.icds();
        if (icds.isEmpty()) {
            throw RegistryException.forbidden("user '" + operator.name()
                    + "' has no ICDs yet and may not write: an administrator " + "gives it some with 'smp user icds'");
        }
        Optional<String> icd = IcdScope.icdOf(participant);
        if (icd.isEmpty()) {
            if (icds.allows(null)) return;
            throw RegistryException.forbidden("participant " + participant
                    + " has no ICD (an iso6523-actorid-upis value ICD:identifier); "
                    + "only a user with every ICD may write it, and user '" + operator.name() + "' has ICDs " + icds);
        }
        if (!icds.allows(icd.get())) {
            throw RegistryException.forbidden("user '" + operator.name() + "' may not write participants under ICD "
                    + icd.get() + " (participant " + participant + "); its ICDs are " + icds);
        }
    }

    /** The unsigned Peppol SignedServiceMetadata around a ServiceMetadata element. */
    public static Document wrap(Element serviceMetadata) {
        Document doc = org.silkgate.smp.signing.XmlPerThread.newDocument();
        Element root = doc.createElementNS(SmpXml.PEPPOL_NS, "SignedServiceMetadata");
        root.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns", SmpXml.PEPPOL_NS);
        doc.appendChild(root);
        root.appendChild(doc.importNode(serviceMetadata, true));
        return doc;
    }

    private static SmpIdentifier identifierIn(Element parent, String localName, SmpIdentifier.Kind kind)
            throws RegistryException {
        Element e = SmpXml.child(parent, SmpXml.PEPPOL_IDS_NS, localName);
        try {
            return SmpIdentifier.of(kind, e.getAttribute("scheme"), e.getTextContent());
        } catch (IdentifierException ex) {
            throw RegistryException.badRequest(ex.getMessage());
        }
    }

    private static void requireSame(String where, SmpIdentifier inPath, SmpIdentifier inBody) throws RegistryException {
        if (!inPath.key().equals(inBody.key())) {
            throw RegistryException.badRequest(where + " names "
                    + inBody.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + inBody
                    + " but the URL names " + inPath);
        }
    }
}
