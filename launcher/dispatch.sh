# shellcheck shell=bash
# The verb table and the dispatch shared by both launchers: ./silkgate in the source tree and bin/silkgate in the
# packaged release (which carries this file as lib/launcher/dispatch.sh), so a verb is added in one place. Sourced,
# never run. The launcher that sources it defines where the classes are:
#   LAUNCHER             how the user calls it, for the usage text
#   prepare              runs before a verb (the source tree builds what is missing)
#   available LINE       true when the verb's main class can be run
#   unavailable VERB MODULE  what happens otherwise (it exits)
#   UNAVAILABLE_NOTE     the usage text's note on such a verb
#   classpath MODULE     the class path of MODULE's command line
#   JAVA                 the java command (default: java on PATH)

# verb | module | main class | one-line description
VERBS=(
  "pki|certs-dev|org.silkgate.pki.PkiCommand|create and inspect the development PKI (certificates, CRLs, trust store)"
  "validate|validation-rules|org.silkgate.validation.cli.ValidateCommand|validate UBL documents against XSD, Peppol and CAREC rules"
  "smp|smp-registry|org.silkgate.smp.SmpCommand|run the SMP registry and manage its users"
  "ap|access-point|org.silkgate.ap.ApCommand|run a national access point"
  "demo|conformance-tests|org.silkgate.demo.DemoCommand|run the three-country demo network (the main job)"
  "conformance|conformance-tests|org.silkgate.conformance.ConformanceCommand|check a running access point against the AS4 profile"
  "bench|conformance-tests|org.silkgate.bench.BenchCommand|run the benchmarks and print ratios against their baselines"
)

usage() {
  cat <<USAGE
Usage: $LAUNCHER VERB [OPTIONS...]     ($LAUNCHER VERB --help for a verb's options)

SilkGate, the CAREC e-procurement and paperless-trade gateway. Verbs:
USAGE
  local line verb desc
  for line in "${VERBS[@]}"; do
    IFS='|' read -r verb _ _ desc <<<"$line"
    if available "$line"; then printf '  %-12s %s\n' "$verb" "$desc"
    else printf '  %-12s %s (%s)\n' "$verb" "$desc" "$UNAVAILABLE_NOTE"; fi
  done
}

dispatch() { # the launcher's arguments
  [[ $# -gt 0 ]] || { usage; exit 2; }
  case "$1" in
    -h|--help|help) prepare; usage; exit 0 ;;
  esac

  local wanted="$1" line verb module cls
  shift
  for line in "${VERBS[@]}"; do
    IFS='|' read -r verb module cls _ <<<"$line"
    [[ "$verb" == "$wanted" ]] || continue
    prepare
    available "$line" || unavailable "$verb" "$module"
    # shellcheck disable=SC2086  # SILKGATE_JAVA_OPTS is a list of JVM options
    exec "${JAVA:-java}" ${SILKGATE_JAVA_OPTS:-} -cp "$(classpath "$module")" "$cls" "$@"
  done
  echo "silkgate: unknown verb '$wanted'" >&2
  usage >&2
  exit 2
}
