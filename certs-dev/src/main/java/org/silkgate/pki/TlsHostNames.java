package org.silkgate.pki;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.util.IPAddress;

/**
 * The names a TLS server certificate of the dev PKI is valid for: always {@code localhost} and {@code 127.0.0.1},
 * plus the host names given with {@code --hostname} (DNS names, or IPv4/IPv6 addresses as IP SANs).
 */
final class TlsHostNames {

    static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1");

    private static final String LABEL = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";
    private static final int MAX_DNS_NAME = 253;

    private TlsHostNames() {}

    /** Loopback first, then {@code extra} in lower case without duplicates; a bad name fails naming it. */
    static List<String> withLoopback(List<String> extra) throws PkiException {
        Set<String> names = new LinkedHashSet<>(LOOPBACK);
        for (String name : extra) {
            names.add(checked(name));
        }
        return List.copyOf(names);
    }

    static GeneralName subjectAlternativeName(String checkedName) {
        return IPAddress.isValid(checkedName)
                ? new GeneralName(GeneralName.iPAddress, checkedName)
                : new GeneralName(GeneralName.dNSName, checkedName);
    }

    private static String checked(String raw) throws PkiException {
        String name = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
        if (IPAddress.isValid(name)) {
            return name;
        }
        String problem = problem(name);
        if (problem != null) {
            throw new PkiException("invalid --hostname '" + raw + "': " + problem
                    + "; give a DNS name such as ap-kz.example.org, or an IPv4/IPv6 address");
        }
        return name;
    }

    /** Why {@code name} is no host name (RFC 1123 letters, digits and hyphens), or null when it is one. */
    private static String problem(String name) {
        if (name.isEmpty()) {
            return "empty";
        }
        if (name.startsWith("*")) {
            return "wildcards are not issued; name each host";
        }
        if (name.length() > MAX_DNS_NAME) {
            return "longer than " + MAX_DNS_NAME + " characters";
        }
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            if (!label.matches(LABEL)) {
                return "'" + label + "' is not a DNS label (1-63 letters, digits or inner hyphens)";
            }
        }
        if (labels[labels.length - 1].matches("[0-9]+")) {
            return "neither a DNS name (its last label is numeric) nor an IP address";
        }
        return null;
    }
}
