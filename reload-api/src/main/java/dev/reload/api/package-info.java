/**
 * What applications and plugins compile against: {@link dev.reload.api.ServiceRegistry} to obtain a service, or
 * every plugin's as a {@link dev.reload.api.ServiceList}, {@link dev.reload.api.Service} to mark an implementation,
 * and the events of {@link dev.reload.api.ReloadListener}; {@link dev.reload.api.ListeningSockets} for a server that
 * is restarted as a whole process by reload's supervisor.
 */
package dev.reload.api;
