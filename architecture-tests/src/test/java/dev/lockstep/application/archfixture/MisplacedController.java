package dev.lockstep.application.archfixture;

/** Deliberately breaks "controllers live in the HTTP adapter". Test-only. */
public class MisplacedController {}
