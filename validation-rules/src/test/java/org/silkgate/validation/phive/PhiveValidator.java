package org.silkgate.validation.phive;

import com.helger.io.resource.inmemory.ReadableResourceByteArray;
import com.helger.phive.api.execute.ValidationExecutionManager;
import com.helger.phive.api.executorset.IValidationExecutorSet;
import com.helger.phive.api.executorset.ValidationExecutorSetRegistry;
import com.helger.phive.api.result.ValidationResultList;
import com.helger.phive.api.validity.IValidityDeterminator;
import com.helger.phive.en16931.EN16931Validation;
import com.helger.phive.peppol.PeppolValidation;
import com.helger.phive.peppol.PeppolValidation2025_11;
import com.helger.phive.xml.source.IValidationSourceXML;
import com.helger.phive.xml.source.ValidationSourceXML;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline: phive, the engine most Peppol access points use, with the same Peppol BIS Billing 3.0 (2025.11)
 * artefacts SilkGate runs. Used by the agreement test and the benchmark; needs jaxb-impl at run time.
 */
public final class PhiveValidator {
    /** phive's verdict on one document: validity and the IDs of its error- and warning-level findings. */
    public record Verdict(boolean valid, List<String> errorIds, List<String> warningIds) { }

    private final IValidationExecutorSet<IValidationSourceXML> invoice;
    private final IValidationExecutorSet<IValidationSourceXML> creditNote;
    private final IValidityDeterminator<IValidationSourceXML> validity = IValidityDeterminator.createDefault();

    private PhiveValidator(IValidationExecutorSet<IValidationSourceXML> invoice,
                           IValidationExecutorSet<IValidationSourceXML> creditNote) {
        this.invoice = invoice;
        this.creditNote = creditNote;
    }

    public static PhiveValidator create() {
        ValidationExecutorSetRegistry<IValidationSourceXML> registry = new ValidationExecutorSetRegistry<>();
        EN16931Validation.initEN16931(registry); // must come first: the Peppol sets derive from it
        PeppolValidation.initStandard(registry);
        return new PhiveValidator(registry.getOfID(PeppolValidation2025_11.VID_OPENPEPPOL_INVOICE_UBL_V3),
                registry.getOfID(PeppolValidation2025_11.VID_OPENPEPPOL_CREDIT_NOTE_UBL_V3));
    }

    public Verdict validate(byte[] xml, String name) {
        String head = new String(xml, 0, Math.min(xml.length, 4096), StandardCharsets.UTF_8);
        var set = head.contains("xsd:CreditNote-2") ? creditNote : invoice;
        ValidationResultList results = ValidationExecutionManager.executeValidation(validity, set,
                ValidationSourceXML.create(new ReadableResourceByteArray(name, xml)));
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        results.forEachFlattened(e -> (e.isError() ? errors : warnings).add(String.valueOf(e.getErrorID())));
        return new Verdict(results.containsNoError(), errors, warnings);
    }
}
