package dev.twinsock.sim;

/**
 * A thread made by a host's {@link SimHost#threadFactory() thread factory}: a task of that host.
 * {@link #start()} makes it a task, ready to run in its turn; it then runs only while it holds the
 * simulation's permit, as every task does. A platform thread, since a library that is handed a
 * factory calls {@code start()} itself and only a subclass sees that call.
 */
final class TaskThread extends Thread {
  private final Scheduler scheduler;
  private final SimHost host;
  private final Runnable body;
  private volatile Task task;

  TaskThread(Scheduler scheduler, SimHost host, Runnable body, String name) {
    super(name);
    this.scheduler = scheduler;
    this.host = host;
    this.body = body;
    setDaemon(true); // a simulation that ends leaves none of its threads behind to keep the JVM up
  }

  @Override
  public synchronized void start() {
    if (task != null) {
      throw new IllegalThreadStateException(getName() + " was started already");
    }
    task = scheduler.adoptThread(this, host, getName(), body);
    super.start();
  }

  @Override
  public void run() {
    Task mine = task;
    if (mine == null || Thread.currentThread() != this) {
      body.run(); // run() called as a plain method, as Thread.run may be: the body runs on the caller
      return;
    }
    scheduler.runStartedThread(mine);
  }
}
