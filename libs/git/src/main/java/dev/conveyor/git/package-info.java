/**
 * Git access shared by the services: {@link dev.conveyor.git.RepositoryCache} keeps one bare mirror per repository
 * (fetched on demand, one fetch at a time per repository) and immutable checked-out trees per commit.
 * {@link dev.conveyor.git.GitException} says whether a failure is worth retrying and never carries credentials.
 */
package dev.conveyor.git;
