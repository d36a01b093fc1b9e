package org.silkgate.ap;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of the access point (access-point/README.md): {@code model} at the bottom, the behaviour packages on it,
 * the adapters ({@code as4} = phase4, {@code broker} = Camel/Artemis, {@code http} = servlets) on those, and the
 * composition root ({@code org.silkgate.ap}: AccessPoint, ApConfig, ApCommand) wiring everything. Main classes only.
 */
class ArchitectureTest {
    private static final String ROOT = "org.silkgate.ap";
    private static final String[] BEHAVIOUR = {
        ROOT + ".model..",
        ROOT + ".outbound..",
        ROOT + ".inbound..",
        ROOT + ".discovery..",
        ROOT + ".trust..",
        ROOT + ".journal..",
        ROOT + ".validation..",
        ROOT + ".work..",
        ROOT + ".files..",
        ROOT + ".reporting..",
        ROOT + ".monitoring.."
    };
    private static final String AS4 = ROOT + ".as4..";
    private static final String BROKER = ROOT + ".broker..";
    private static final String HTTP = ROOT + ".http..";
    private static final String CONSOLE = ROOT + ".console..";

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        // the module's own class folder (or jar), not a scan of the whole class path for the package
        Path mainClasses;
        try {
            mainClasses = Path.of(AccessPoint.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPath(mainClasses);
        if (classes.stream().noneMatch(c -> c.getPackageName().equals(ROOT + ".model"))) {
            throw new IllegalStateException("no main classes of " + ROOT + " imported from " + mainClasses);
        }
    }

    /** One slice per package below org.silkgate.ap, and the root package (the composition root) as a slice of its own. */
    private static final SliceAssignment PACKAGES_BELOW_THE_ROOT = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            if (name.equals(ROOT)) return SliceIdentifier.of("(composition root)");
            if (name.startsWith(ROOT + ".")) {
                String rest = name.substring(ROOT.length() + 1);
                int dot = rest.indexOf('.');
                return SliceIdentifier.of(dot < 0 ? rest : rest.substring(0, dot));
            }
            return SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the packages of " + ROOT + " (the root package a slice of its own)";
        }
    };

    @Test
    void thePackagesOfTheAccessPointFormNoCycle() {
        slices().assignedFrom(PACKAGES_BELOW_THE_ROOT).should().beFreeOfCycles().check(classes);
    }

    @Test
    void nothingOutsideTheCompositionRootDependsOnIt() {
        noClasses()
                .that()
                .resideOutsideOfPackage(ROOT)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ROOT)
                .because("AccessPoint, ApConfig and ApCommand wire the layers; no layer may reach back into them")
                .check(classes);
    }

    @Test
    void behaviourDependsOnNoAdapterNorTransportLibrary() {
        noClasses()
                .that()
                .resideInAnyPackage(BEHAVIOUR)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        AS4,
                        BROKER,
                        HTTP,
                        CONSOLE,
                        "com.helger.phase4..",
                        "org.apache.camel..",
                        "org.apache.activemq..",
                        "org.eclipse.jetty..",
                        "jakarta.servlet..")
                .because("the behaviour packages must run without phase4, Camel, Artemis or Jetty (adapters do that)")
                .check(classes);
    }

    @Test
    void theModelDependsOnNoOtherPackageOfTheAccessPoint() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".model..")
                .should()
                .dependOnClassesThat(resideInAPackage(ROOT + "..").and(not(resideInAPackage(ROOT + ".model.."))))
                .because("the model is the bottom layer")
                .check(classes);
    }

    @Test
    void theAs4AdapterDependsOnNeitherTheBrokerNorHttpAdapter() {
        noClasses()
                .that()
                .resideInAPackage(AS4)
                .should()
                .dependOnClassesThat(resideInAnyPackage(BROKER, HTTP))
                .check(classes);
    }

    @Test
    void theBrokerAdapterDependsOnNeitherTheAs4NorHttpAdapter() {
        noClasses()
                .that()
                .resideInAPackage(BROKER)
                .should()
                .dependOnClassesThat(resideInAnyPackage(AS4, HTTP))
                .check(classes);
    }

    @Test
    void theConsoleDependsOnNoOtherAdapterAndNoAdapterOnTheConsole() {
        noClasses()
                .that()
                .resideInAPackage(CONSOLE)
                .should()
                .dependOnClassesThat(resideInAnyPackage(AS4, BROKER, HTTP))
                .because("the console calls the services the REST API calls, never a transport")
                .check(classes);
        noClasses()
                .that()
                .resideInAnyPackage(AS4, BROKER, HTTP)
                .should()
                .dependOnClassesThat(resideInAPackage(CONSOLE))
                .check(classes);
    }

    @Test
    void theHttpAdapterDependsOnNeitherTheAs4NorBrokerAdapter() {
        noClasses()
                .that()
                .resideInAPackage(HTTP)
                .should()
                .dependOnClassesThat(resideInAnyPackage(AS4, BROKER))
                .check(classes);
    }
}
