package io.positionpolicy.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Dependencies point one way: model <- rules/evaluation <- audit/backtest/cluster/controls <- api; security is used by
 * api (and cluster, which chooses where users live) only. Evaluation reads trading states through its own
 * TradingStateSource, which controls implements.
 */
@AnalyzeClasses(packages = "io.positionpolicy", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    @ArchTest
    static final ArchRule modelIsPlainJava = noClasses().that().resideInAPackage("..model..")
            .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "org.kie..", "org.drools..",
                    "jakarta..", "java.sql..", "com.fasterxml..", "io.positionpolicy.rules..",
                    "io.positionpolicy.evaluation..", "io.positionpolicy.api..");

    @ArchTest
    static final ArchRule coreDoesNotKnowTheApi = noClasses().that()
            .resideInAnyPackage("..model..", "..rules..", "..evaluation..", "..config..")
            .should().dependOnClassesThat().resideInAPackage("io.positionpolicy.api..");

    @ArchTest
    static final ArchRule coreDoesNotKnowTheAuditStore = noClasses().that()
            .resideInAnyPackage("..model..", "..rules..", "..evaluation..")
            .should().dependOnClassesThat().resideInAPackage("io.positionpolicy.audit..");

    @ArchTest
    static final ArchRule coreDoesNotKnowTheControls = noClasses().that()
            .resideInAnyPackage("..model..", "..rules..", "..evaluation..", "..audit..", "..backtest..")
            .should().dependOnClassesThat().resideInAPackage("io.positionpolicy.controls..");

    @ArchTest
    static final ArchRule controlsDoNotKnowTheApi = noClasses().that().resideInAPackage("..controls..")
            .should().dependOnClassesThat().resideInAnyPackage("io.positionpolicy.api..",
                    "io.positionpolicy.security..");

    @ArchTest
    static final ArchRule rulesDoNotDependOnEvaluation = noClasses().that().resideInAPackage("..rules..")
            .should().dependOnClassesThat().resideInAPackage("io.positionpolicy.evaluation..");

    @ArchTest
    static final ArchRule nothingBelowKnowsTheCluster = noClasses().that()
            .resideInAnyPackage("..model..", "..rules..", "..evaluation..", "..audit..", "..backtest..",
                    "..security..", "..config..")
            .should().dependOnClassesThat().resideInAPackage("io.positionpolicy.cluster..");

    @ArchTest
    static final ArchRule clusterDoesNotKnowTheApi = noClasses().that().resideInAPackage("..cluster..")
            .should().dependOnClassesThat().resideInAPackage("io.positionpolicy.api..");

    @ArchTest
    static final ArchRule securityStandsAlone = noClasses().that().resideInAPackage("..security..")
            .should().dependOnClassesThat().resideInAnyPackage("io.positionpolicy.api..",
                    "io.positionpolicy.audit..", "io.positionpolicy.evaluation..", "io.positionpolicy.rules..");
}
