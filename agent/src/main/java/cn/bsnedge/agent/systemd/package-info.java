/**
 * The agent as a systemd service: {@code sd_notify} through FFM ({@link cn.bsnedge.agent.systemd.ServiceManager}),
 * the watchdog interval ({@link cn.bsnedge.agent.systemd.Watchdog}), and the heartbeat that
 * pings only while the pipeline makes progress ({@link cn.bsnedge.agent.systemd.ProgressMonitor}).
 * The unit file is {@code systemd/bsn-edge.service}; docs/DEPLOY.md explains both.
 */
package cn.bsnedge.agent.systemd;
