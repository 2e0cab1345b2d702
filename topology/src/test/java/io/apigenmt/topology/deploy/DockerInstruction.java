package io.apigenmt.topology.deploy;

/** One Dockerfile instruction: keyword upper-cased, arguments with line continuations joined, index of its stage. */
record DockerInstruction(String keyword, String args, int stage) {}
