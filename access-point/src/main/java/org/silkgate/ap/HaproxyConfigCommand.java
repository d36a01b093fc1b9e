package org.silkgate.ap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ap haproxy-config}: the haproxy.cfg for the nodes of one access point, all of them active, TLS passed
 * through on both listeners, each node checked on {@code /health}. The text comes from {@link #render}, a pure
 * function of {@link Settings}, so that a test can hand it to the real HAProxy.
 */
@Command(
        name = "haproxy-config",
        mixinStandardHelpOptions = true,
        description = {
            "Print (or write with --out) a haproxy.cfg for the nodes of one access point: a public AS4 frontend and a "
                    + "back-office API frontend, both mode tcp with TLS passed through (HAProxy holds no key), every "
                    + "node active, each checked with GET /health over TLS on the port it serves.",
            "Check the result with: haproxy -c -f FILE"
        })
final class HaproxyConfigCommand implements Callable<Integer> {

    private static final Pattern NODE = Pattern.compile("([A-Za-z0-9._-]+)=([A-Za-z0-9.-]+):(\\d{1,5}):(\\d{1,5})");
    private static final Pattern BIND = Pattern.compile("([A-Za-z0-9.*-]*|\\[[0-9A-Fa-f:.]+\\]):(\\d{1,5})");
    private static final Pattern INTERVAL = Pattern.compile("(\\d+)(ms|s|m)");

    /** One {@code ap serve} node: the ports of its AS4 listener ({@code --port}) and API listener ({@code --api-port}). */
    record Node(String name, String host, int as4Port, int apiPort) {
        Node {
            requirePort(as4Port, name + "'s AS4 port");
            requirePort(apiPort, name + "'s API port");
        }

        /** {@code NAME=HOST:AS4PORT:APIPORT}; refused naming the value. */
        static Node parse(String value) {
            Matcher matcher = NODE.matcher(value);
            if (!matcher.matches()) {
                throw new IllegalArgumentException(
                        "node '" + value + "': expected NAME=HOST:AS4PORT:APIPORT, e.g. ap-node-1=10.0.0.11:8443:8444");
            }
            try {
                return new Node(
                        matcher.group(1),
                        matcher.group(2),
                        Integer.parseInt(matcher.group(3)),
                        Integer.parseInt(matcher.group(4)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("node '" + value + "': " + e.getMessage(), e);
            }
        }
    }

    /** A frontend's {@code bind} address, {@code ADDR:PORT}; an empty address means every interface. */
    record Bind(String address, int port) {
        Bind {
            requirePort(port, "port");
        }

        static Bind parse(String option, String value) {
            Matcher matcher = BIND.matcher(value);
            if (!matcher.matches()) {
                throw new IllegalArgumentException(
                        option + " '" + value + "': expected ADDR:PORT, e.g. :443 or 10.0.0.5:443");
            }
            try {
                return new Bind(matcher.group(1), Integer.parseInt(matcher.group(2)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(option + " '" + value + "': " + e.getMessage(), e);
            }
        }

        @Override
        public String toString() {
            return address + ":" + port;
        }
    }

    /**
     * Everything the configuration depends on.
     *
     * @param checkCa the PEM the nodes' TLS certificates must chain to in the checks; without it the checks do not
     *     verify the certificate (they only prove the node answers: the traffic itself is verified end to end by the
     *     peers, since HAProxy passes TLS through)
     * @param checkHost the name sent as SNI and Host in the checks and required in the node's certificate
     */
    record Settings(
            List<Node> nodes,
            Bind as4Bind,
            Bind apiBind,
            Optional<Path> checkCa,
            Optional<String> checkHost,
            Duration checkInterval,
            Optional<Bind> statsBind,
            boolean daemon,
            Optional<String> user,
            Optional<String> group,
            Optional<String> logTarget) {
        Settings {
            nodes = List.copyOf(nodes);
            if (nodes.isEmpty()) throw new IllegalArgumentException("at least one --node is needed");
            Set<String> names = new HashSet<>();
            for (Node node : nodes) {
                if (!names.add(node.name())) {
                    throw new IllegalArgumentException("node '" + node.name() + "' is given twice");
                }
            }
            if (checkInterval.isNegative() || checkInterval.isZero() || checkInterval.toMillis() == 0) {
                throw new IllegalArgumentException("check-interval: must be at least 1ms, got " + checkInterval);
            }
            checkHost.ifPresent(host -> {
                if (!host.matches("[A-Za-z0-9.-]+")) {
                    throw new IllegalArgumentException("check-host '" + host + "': not a host name");
                }
            });
        }
    }

    private static void requirePort(int port, String what) {
        if (port < 1 || port > 65535) throw new IllegalArgumentException(what + " " + port + " is out of range");
    }

    /** The haproxy.cfg for {@code settings}. */
    static String render(Settings settings) {
        StringBuilder cfg = new StringBuilder();
        cfg.append("""
                # HAProxy in front of the nodes of one SilkGate access point, generated by `silkgate ap haproxy-config`.
                # Check it with `haproxy -c -f FILE`.
                #
                # TLS is passed through on both frontends: HAProxy holds no key and never sees a message in clear;
                # each node presents its own TLS certificate, which must name the host the clients connect to.
                # Every node is active (no `backup`): the nodes of one access point share its journal and broker.
                # A node is checked with GET /health over TLS: 200 (UP or WARN) keeps it, 503 (DOWN) or no answer
                # takes it out after 2 failed checks, and 2 good ones bring it back.

                global
                    maxconn 4096
                """);
        settings.logTarget().ifPresent(target -> line(cfg, "    log " + target + " local0"));
        settings.user().ifPresent(user -> line(cfg, "    user " + user));
        settings.group().ifPresent(group -> line(cfg, "    group " + group));
        if (settings.daemon()) line(cfg, "    daemon");
        cfg.append("""
                    # the checks' TLS: the same floor as the nodes' TLS policy
                    ssl-default-server-options ssl-min-ver TLSv1.2

                defaults
                    mode tcp
                """);
        if (settings.logTarget().isPresent()) {
            line(cfg, "    log global");
            line(cfg, "    option tcplog");
        }
        cfg.append("""
                    timeout connect 5s
                    # an AS4 message may be up to max-message-bytes (100 MiB by default): allow a slow peer time to send it
                    timeout client 120s
                    timeout server 120s
                    timeout check 5s
                    # a connection refused by a node that died since its last check goes to another node
                    retries 2
                    option redispatch

                # Public AS4 endpoint: the access point's public-url resolves to this address.
                frontend silkgate_as4
                """);
        line(cfg, "    bind " + settings.as4Bind());
        line(cfg, "    default_backend silkgate_as4_nodes");
        line(cfg, "");
        line(cfg, "# leastconn: AS4 exchanges differ much in length (a 100 MiB message against a small receipt)");
        backend(cfg, settings, "silkgate_as4_nodes", List.of("balance leastconn"), Node::as4Port);
        line(cfg, "");
        line(cfg, "# Back-office API (/api/v1, /console/, /metrics): on an internal address only.");
        line(cfg, "frontend silkgate_api");
        line(cfg, "    bind " + settings.apiBind());
        line(cfg, "    default_backend silkgate_api_nodes");
        line(cfg, "");
        line(cfg, "# source: a client stays on one node, which a console session (kept in its node's memory) needs;");
        line(
                cfg,
                "# consistent hashing moves only a lost node's clients. API calls carry their token and go anywhere.");
        backend(cfg, settings, "silkgate_api_nodes", List.of("balance source", "hash-type consistent"), Node::apiPort);
        settings.statsBind().ifPresent(stats -> {
            line(cfg, "");
            line(cfg, "# Which nodes are up (add ;csv to the URL for a machine): keep it on the load balancer's host.");
            line(cfg, "frontend stats");
            line(cfg, "    mode http");
            line(cfg, "    bind " + stats);
            line(cfg, "    timeout client 10s");
            line(cfg, "    stats enable");
            line(cfg, "    stats uri /");
            line(cfg, "    stats refresh 10s");
        });
        return cfg.toString();
    }

    private static void backend(
            StringBuilder cfg,
            Settings settings,
            String name,
            List<String> balancing,
            java.util.function.ToIntFunction<Node> port) {
        line(cfg, "backend " + name);
        balancing.forEach(setting -> line(cfg, "    " + setting));
        line(cfg, "    option httpchk");
        // HTTP/1.1 needs a Host header; without a check host there is no name to give, and HTTP/1.0 needs none
        line(
                cfg,
                settings.checkHost()
                        .map(host -> "    http-check send meth GET uri /health ver HTTP/1.1 hdr Host " + host)
                        .orElse("    http-check send meth GET uri /health ver HTTP/1.0"));
        line(cfg, "    http-check expect status 200");
        StringBuilder check =
                new StringBuilder("    default-server check check-ssl inter " + interval(settings.checkInterval()));
        check.append(" fall 2 rise 2");
        if (settings.checkCa().isPresent()) {
            check.append(" verify required ca-file ").append(settings.checkCa().get());
        } else {
            check.append(" verify none");
        }
        settings.checkHost()
                .ifPresent(host -> check.append(" check-sni ")
                        .append(host)
                        .append(settings.checkCa().isPresent() ? " verifyhost " + host : ""));
        if (settings.checkCa().isEmpty()) {
            line(cfg, "    # no --check-ca: the checks do not verify the nodes' certificates, only that they answer");
        }
        line(cfg, check.toString());
        for (Node node : settings.nodes()) {
            line(cfg, "    server " + node.name() + " " + node.host() + ":" + port.applyAsInt(node));
        }
    }

    /** HAProxy's time format: whole seconds where they fit, else milliseconds. */
    private static String interval(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    private static void line(StringBuilder cfg, String text) {
        cfg.append(text).append('\n');
    }

    /** {@code 2s}, {@code 500ms}, {@code 1m} as HAProxy writes them, or an ISO-8601 duration ({@code PT2S}). */
    static Duration parseInterval(String value) {
        Matcher matcher = INTERVAL.matcher(value);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                default -> Duration.ofMinutes(amount);
            };
        }
        try {
            return Duration.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("check-interval '" + value + "': expected e.g. 2s, 500ms or PT2S", e);
        }
    }

    @Option(
            names = "--node",
            required = true,
            paramLabel = "NAME=HOST:AS4PORT:APIPORT",
            description = "a node of the access point: its name, its address, its ap serve --port and --api-port; "
                    + "repeat for each node")
    List<String> nodes = new ArrayList<>();

    @Option(
            names = "--as4-bind",
            defaultValue = ":443",
            paramLabel = "ADDR:PORT",
            description = "the public AS4 frontend (default ${DEFAULT-VALUE}: every interface)")
    String as4Bind;

    @Option(
            names = "--api-bind",
            defaultValue = ":8444",
            paramLabel = "ADDR:PORT",
            description = "the back-office API frontend (default ${DEFAULT-VALUE}, the port of ap serve --api-port; "
                    + "give the internal address the back offices reach, never a public one)")
    String apiBind;

    @Option(
            names = "--check-ca",
            paramLabel = "PEM",
            description = "the CA certificate(s) the nodes' TLS certificates chain to, verified in the health checks "
                    + "(default: not verified)")
    Path checkCa;

    @Option(
            names = "--check-host",
            paramLabel = "NAME",
            description = "the host name sent as SNI and Host in the checks, and required in the node's certificate "
                    + "with --check-ca (default: none)")
    String checkHost;

    @Option(
            names = "--check-interval",
            defaultValue = "2s",
            description = "time between two checks of a node; 2 failed checks take it out (default ${DEFAULT-VALUE})")
    String checkInterval;

    @Option(
            names = "--stats-bind",
            paramLabel = "ADDR:PORT",
            description = "serve HAProxy's stats page here, e.g. 127.0.0.1:8404 (default: no stats page)")
    String statsBind;

    @Option(
            names = "--daemon",
            description = "HAProxy forks into the background (default: stays in the foreground, "
                    + "as systemd and tests want it)")
    boolean daemon;

    @Option(names = "--user", description = "the user HAProxy runs as after start (default: the one starting it)")
    String user;

    @Option(names = "--group", description = "the group HAProxy runs as after start (default: the one starting it)")
    String group;

    @Option(
            names = "--log-target",
            paramLabel = "TARGET",
            description = "where HAProxy logs connections, e.g. /dev/log or 127.0.0.1:514 (default: no log)")
    String logTarget;

    @Option(names = "--out", paramLabel = "FILE", description = "write the configuration here (default: print it)")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        String cfg = render(settings());
        if (out == null) {
            spec.commandLine().getOut().print(cfg);
            spec.commandLine().getOut().flush();
        } else {
            Files.writeString(out, cfg, StandardCharsets.UTF_8);
        }
        return 0;
    }

    private Settings settings() {
        try {
            return new Settings(
                    nodes.stream().map(Node::parse).toList(),
                    Bind.parse("as4-bind", as4Bind),
                    Bind.parse("api-bind", apiBind),
                    Optional.ofNullable(checkCa).map(Path::toAbsolutePath),
                    Optional.ofNullable(checkHost),
                    parseInterval(checkInterval),
                    Optional.ofNullable(statsBind).map(value -> Bind.parse("stats-bind", value)),
                    daemon,
                    Optional.ofNullable(user),
                    Optional.ofNullable(group),
                    Optional.ofNullable(logTarget));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
