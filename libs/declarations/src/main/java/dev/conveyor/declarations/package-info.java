/**
 * The declarations loader every service uses: reads {@code conveyor.dev/v1alpha1} documents from a control
 * repository ({@link dev.conveyor.declarations.DeclarationLoader}), expands ApplicationSets, and hands each document
 * of a kind to that kind's {@link dev.conveyor.declarations.KindParser}; what is wrong is reported per document and
 * field ({@link dev.conveyor.declarations.InvalidDeclaration}), what is right is kept.
 */
package dev.conveyor.declarations;
