/** JMH benchmarks of the simulated network against the real kernel and plain JDK sockets. */
package dev.twinsock.benchmarks;
