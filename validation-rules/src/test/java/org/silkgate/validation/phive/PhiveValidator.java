package org.silkgate.validation.phive;

import com.helger.diver.api.coord.DVRCoordinate;
import com.helger.io.resource.inmemory.ReadableResourceByteArray;
import com.helger.phive.api.execute.ValidationExecutionManager;
import com.helger.phive.api.executorset.IValidationExecutorSet;
import com.helger.phive.api.executorset.ValidationExecutorSetRegistry;
import com.helger.phive.api.result.ValidationResultList;
import com.helger.phive.api.validity.IValidityDeterminator;
import com.helger.phive.en16931.EN16931Validation;
import com.helger.phive.peppol.PeppolValidation;
import com.helger.phive.peppol.PeppolValidation2025_11;
import com.helger.phive.peppol.PeppolValidationMLS;
import com.helger.phive.xml.source.IValidationSourceXML;
import com.helger.phive.xml.source.ValidationSourceXML;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.silkgate.validation.DocumentTypeRegistry;

/**
 * The baseline: phive, the engine most Peppol access points use, with the same Peppol artefacts SilkGate runs:
 * BIS Billing 3.0 Invoice and CreditNote (2025.11), and the ApplicationResponse sets Message Level Status 1.0
 * ({@code org.peppol:mls:1}), Message Level Response ({@code eu.peppol.bis3:mlr:2025.11}) and Invoice Response
 * ({@code eu.peppol.bis3:invoice-message-response:2025.11}). Used by the agreement tests and the benchmark; needs
 * jaxb-impl at run time.
 */
public final class PhiveValidator {
    /**
     * phive's verdict on one document: the phive validation set that judged it, validity and the IDs of its error- and
     * warning-level findings.
     */
    public record Verdict(String set, boolean valid, List<String> errorIds, List<String> warningIds) {}

    /** ApplicationResponse documents are told apart by their CustomizationID, as SilkGate's registry does. */
    private static final Pattern CUSTOMIZATION_ID =
            Pattern.compile("<(?:[A-Za-z_][\\w.-]*:)?CustomizationID>\\s*([^<\\s]+)\\s*</");

    private final IValidationExecutorSet<IValidationSourceXML> invoice;
    private final IValidationExecutorSet<IValidationSourceXML> creditNote;
    private final Map<String, IValidationExecutorSet<IValidationSourceXML>> responsesByCustomization;
    private final IValidityDeterminator<IValidationSourceXML> validity = IValidityDeterminator.createDefault();

    private PhiveValidator(ValidationExecutorSetRegistry<IValidationSourceXML> registry) {
        this.invoice = set(registry, PeppolValidation2025_11.VID_OPENPEPPOL_INVOICE_UBL_V3);
        this.creditNote = set(registry, PeppolValidation2025_11.VID_OPENPEPPOL_CREDIT_NOTE_UBL_V3);
        this.responsesByCustomization = Map.of(
                DocumentTypeRegistry.PEPPOL_MLS_CUSTOMIZATION,
                set(registry, PeppolValidationMLS.VID_OPENPEPPOL_MLS_V100),
                DocumentTypeRegistry.PEPPOL_MLR_CUSTOMIZATION,
                set(registry, PeppolValidation2025_11.VID_OPENPEPPOL_MLR_V3),
                DocumentTypeRegistry.PEPPOL_INVOICE_RESPONSE_CUSTOMIZATION,
                set(registry, PeppolValidation2025_11.VID_OPENPEPPOL_INVOICE_MESSAGE_RESPONSE_V3));
    }

    public static PhiveValidator create() {
        ValidationExecutorSetRegistry<IValidationSourceXML> registry = new ValidationExecutorSetRegistry<>();
        EN16931Validation.initEN16931(registry); // must come first: the Peppol sets derive from it
        PeppolValidation.initStandard(registry);
        return new PhiveValidator(registry);
    }

    public Verdict validate(byte[] xml, String name) {
        String head = new String(xml, 0, Math.min(xml.length, 4096), StandardCharsets.UTF_8);
        var set = setFor(head, name);
        ValidationResultList results = ValidationExecutionManager.executeValidation(
                validity, set, ValidationSourceXML.create(new ReadableResourceByteArray(name, xml)));
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        results.forEachFlattened(e -> (e.isError() ? errors : warnings).add(String.valueOf(e.getErrorID())));
        return new Verdict(set.getID().getAsSingleID(), results.containsNoError(), errors, warnings);
    }

    private IValidationExecutorSet<IValidationSourceXML> setFor(String head, String name) {
        if (head.contains("xsd:CreditNote-2")) return creditNote;
        if (!head.contains("xsd:ApplicationResponse-2")) return invoice;
        Matcher m = CUSTOMIZATION_ID.matcher(head);
        var set = m.find() ? responsesByCustomization.get(m.group(1)) : null;
        if (set == null) {
            throw new IllegalArgumentException(
                    name + ": an ApplicationResponse whose CustomizationID names no phive set " + "here ("
                            + responsesByCustomization.keySet() + ")");
        }
        return set;
    }

    private static IValidationExecutorSet<IValidationSourceXML> set(
            ValidationExecutorSetRegistry<IValidationSourceXML> registry, DVRCoordinate id) {
        IValidationExecutorSet<IValidationSourceXML> set = registry.getOfID(id);
        if (set == null) throw new IllegalStateException("phive has no validation set " + id.getAsSingleID());
        return set;
    }
}
