package cn.bsnedge.agent.systemd;

/** No service manager listens: the agent runs from a shell, a test, or under another init. */
enum NoServiceManager implements ServiceManager {
    INSTANCE;

    @Override
    public void ready() {
    }

    @Override
    public void status(String text) {
    }

    @Override
    public void watchdog() {
    }

    @Override
    public void stopping() {
    }

    @Override
    public boolean listening() {
        return false;
    }
}
