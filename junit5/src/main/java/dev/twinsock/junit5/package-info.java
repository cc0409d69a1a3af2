/**
 * The JUnit 5 extension of twinsock: {@link dev.twinsock.junit5.TwinsockExtension} hands tests a
 * seeded {@link dev.twinsock.sim.SimNetwork} or an {@link dev.twinsock.os.OsSockets}; {@link
 * dev.twinsock.junit5.Seed}, {@link dev.twinsock.junit5.SimSeeds}, {@link
 * dev.twinsock.junit5.AllowOpenSockets} and {@link dev.twinsock.junit5.ConfigureNetwork} steer it.
 */
package dev.twinsock.junit5;
