/**
 * Writing back to Git: {@link dev.conveyor.git.write.ImageEdits} makes {@link dev.conveyor.git.write.FileEdit}s that
 * change one value in a YAML file and leave every other byte alone (located with snakeyaml-engine, spliced into the
 * text); {@link dev.conveyor.git.write.GitWriter} applies them to a branch as one commit, retrying from a fresh fetch
 * when another writer pushed first, and making no commit when the branch already has the change.
 */
package dev.conveyor.git.write;
