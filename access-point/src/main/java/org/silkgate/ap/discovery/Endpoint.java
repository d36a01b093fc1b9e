package org.silkgate.ap.discovery;

import java.security.cert.X509Certificate;

/** Where and to whom a message goes: the receiving access point's AS4 URL and its certificate. */
public record Endpoint(String url, X509Certificate certificate) {}
