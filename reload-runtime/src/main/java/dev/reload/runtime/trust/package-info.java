/**
 * Whether code may be trusted before it is loaded: who can write the plugins directory and its jars
 * ({@link dev.reload.runtime.trust.FilePermissions}), and who signed a jar
 * ({@link dev.reload.runtime.trust.SignatureCheck}). Each check answers with a refusal in plain words or nothing;
 * it knows nothing about watching, class loading or routing, and the engine decides when to ask.
 */
package dev.reload.runtime.trust;
