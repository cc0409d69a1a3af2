package dev.twinsock.cli;

/** A class that is no Scenario, for the command's usage errors. */
public final class NotAScenario {}
