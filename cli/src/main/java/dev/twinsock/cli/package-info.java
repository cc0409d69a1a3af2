/** The {@code twinsock} command: a demo of the simulated network, sharded seed sweeps and replays. */
package dev.twinsock.cli;
