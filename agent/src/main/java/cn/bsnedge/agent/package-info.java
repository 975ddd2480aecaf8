/** The gateway agent: wires sensors, sealing, storage and the command line together. */
package cn.bsnedge.agent;
