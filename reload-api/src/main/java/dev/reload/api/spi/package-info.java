/**
 * The seam between the API and the runtime. Not for applications or plugins.
 */
package dev.reload.api.spi;
