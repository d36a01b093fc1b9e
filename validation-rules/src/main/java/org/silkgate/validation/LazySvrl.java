package org.silkgate.validation;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sf.saxon.s9api.XdmNode;

/**
 * The raw SVRL of each Schematron layer, produced only when someone reads it: serialising ~90 KB of SVRL per Peppol
 * invoice would cost about a tenth of the validation time, and most callers only want the findings. The layers are
 * deterministic, so running one again on the retained document gives exactly the SVRL of the validation.
 */
final class LazySvrl extends AbstractMap<String, String> {
    private final Map<String, SchematronLayer> layers = new LinkedHashMap<>();
    private final Map<String, String> produced = new LinkedHashMap<>();
    private XdmNode document;

    LazySvrl(List<SchematronLayer> ranLayers, XdmNode document) {
        ranLayers.forEach(l -> layers.put(l.name(), l));
        this.document = document;
    }

    @Override public synchronized String get(Object layer) {
        String svrl = produced.get(layer);
        if (svrl == null && layers.containsKey(layer)) {
            svrl = layers.get(layer).run(document, true).svrl();
            produced.put((String) layer, svrl);
            if (produced.size() == layers.size()) document = null; // nothing left to produce: let the tree go
        }
        return svrl;
    }

    @Override public boolean containsKey(Object layer) { return layers.containsKey(layer); }

    @Override public synchronized Set<Entry<String, String>> entrySet() {
        Set<Entry<String, String>> entries = new LinkedHashSet<>();
        for (String layer : layers.keySet()) entries.add(new SimpleImmutableEntry<>(layer, get(layer)));
        return entries;
    }
}
