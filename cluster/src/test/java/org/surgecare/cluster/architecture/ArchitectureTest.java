package org.surgecare.cluster.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The layers (core ← projections ← http ← cluster) and the products inside them (common, care, vaccine):
 * DESIGN.md section 4 and docs/architecture.md.
 * Plain JUnit tests rather than ArchUnit's engine, so that they run, and count, under any test filter.
 */
class ArchitectureTest {
  private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.surgecare");

  private static final ArchRule layersDependOneWay = layeredArchitecture()
      .consideringOnlyDependenciesInLayers()
      .layer("core").definedBy("org.surgecare.core..")
      .layer("projections").definedBy("org.surgecare.projections..")
      .layer("http").definedBy("org.surgecare.http..")
      .layer("cluster").definedBy("org.surgecare.cluster..")
      .whereLayer("cluster").mayNotBeAccessedByAnyLayer()
      .whereLayer("http").mayOnlyBeAccessedByLayers("cluster")
      .whereLayer("projections").mayOnlyBeAccessedByLayers("http", "cluster");

  private static final ArchRule coreHasNoHttpOrSql = noClasses()
      .that().resideInAPackage("org.surgecare.core..")
      .should().dependOnClassesThat().resideInAnyPackage(
          "org.apache.pekko.http..", "java.sql..", "javax.sql..", "org.postgresql..", "com.zaxxer..", "org.flywaydb..")
      .because("the domain is reached through entities and rules only; HTTP and SQL belong to the layers above");

  private static final ArchRule careDoesNotReachIntoVaccine = noClasses()
      .that().resideInAPackage("..care..")
      .should().dependOnClassesThat().resideInAPackage("..vaccine..")
      .because("the two products share only the common kernel");

  private static final ArchRule vaccineDoesNotReachIntoCare = noClasses()
      .that().resideInAPackage("..vaccine..")
      .should().dependOnClassesThat().resideInAPackage("..care..")
      .allowEmptyShould(true)
      .because("the two products share only the common kernel");

  private static final ArchRule kernelKnowsNoProduct = noClasses()
      .that().resideInAnyPackage(
          "org.surgecare.core.common..",
          "org.surgecare.projections.common..",
          "org.surgecare.http.api..",
          "org.surgecare.http.auth..")
      .should().dependOnClassesThat().resideInAnyPackage("..care..", "..vaccine..")
      .because("the shared kernel serves every product and is shaped by none");

  @Test
  void layersDependOneWay() {
    layersDependOneWay.check(MAIN_CLASSES);
  }

  @Test
  void coreHasNoHttpOrSql() {
    coreHasNoHttpOrSql.check(MAIN_CLASSES);
  }

  @Test
  void careDoesNotReachIntoVaccine() {
    careDoesNotReachIntoVaccine.check(MAIN_CLASSES);
  }

  @Test
  void vaccineDoesNotReachIntoCare() {
    vaccineDoesNotReachIntoCare.check(MAIN_CLASSES);
  }

  @Test
  void kernelKnowsNoProduct() {
    kernelKnowsNoProduct.check(MAIN_CLASSES);
  }
}
