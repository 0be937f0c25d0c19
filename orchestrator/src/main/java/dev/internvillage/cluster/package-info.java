/**
 * Several instances of the app on one PostgreSQL database: who this instance is ({@link
 * dev.internvillage.cluster.InstanceId}), and signals that reach every instance once a transaction
 * commits ({@link dev.internvillage.cluster.ClusterSignals}). With the embedded database the app is
 * alone and the signals stay in this process. Depends on no feature module.
 */
@NullMarked
@ApplicationModule(allowedDependencies = "common")
package dev.internvillage.cluster;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
