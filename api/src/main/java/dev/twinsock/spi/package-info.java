/**
 * What every backend shares and no user needs: the seed's argument rules, applied before any
 * system call, so the os backend and the sim reject bad input with the same words.
 */
package dev.twinsock.spi;
