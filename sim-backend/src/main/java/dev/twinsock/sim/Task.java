package dev.twinsock.sim;

/** A piece of simulated code on a host, run on its own thread but only while it holds the permit. */
final class Task extends Waiter {
  final SimHost host;
  final Runnable body;
  Thread thread;
  boolean started;
  boolean done;
  /** Set when the simulation ends early: the task's next (or current) blocking call unwinds it. */
  boolean aborted;

  Task(Scheduler scheduler, SimHost host, String name, Runnable body) {
    super(scheduler, name);
    this.host = host;
    this.body = body;
  }

  @Override
  public String toString() {
    return "task '" + name + "' on " + host.name();
  }
}
