/**
 * Every failure the SDK reports: one sealed hierarchy under {@link io.pqrstuv.client.error.PqrstuvException}.
 * {@link io.pqrstuv.client.error.DeviceException} and its subclasses name the storage module's ICP
 * response code (HTTP 200 with a non-zero code); {@link io.pqrstuv.client.error.HttpStatusException} a
 * non-200 status; {@link io.pqrstuv.client.error.TransportException} an unreachable or untrusted device;
 * {@link io.pqrstuv.client.error.MalformedResponseException} a reply of the wrong shape.
 */
package io.pqrstuv.client.error;
