/**
 * Putting a lab into service, as pure generators: the broker rules each node and the gateway get, the Mosquitto
 * configuration, the lab's certificates. No I/O of their own; the gateway's {@code provision} words and its brokers
 * call them.
 */
package org.fablab.provision;
