/**
 * What a Spring application uses: {@link dev.reload.spring.boot.EnableReloadServices} makes service interfaces beans
 * that follow every swap, and {@link dev.reload.spring.boot.ReloadServices} injects every plugin that provides one.
 */
package dev.reload.spring.boot;
