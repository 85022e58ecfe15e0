# UCS Gateway image: the runnable jar, its dependencies in lib/ and the XML routes in routes/.
#   docker build -t ucs-gateway .
# docker-compose.yml builds this image for the gateway-1 and gateway-2 services.

# ---------------------------------------------------------------------------------------------
# Stage 1: build target/ucs-gateway.jar and target/lib/ with Maven.
# ---------------------------------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build

# The dependencies get a layer of their own, so a change under src/ or routes/ reuses it and
# downloads nothing. The package step below still fetches the few plugin artifacts that
# dependency:go-offline does not resolve.
COPY pom.xml ./
RUN mvn -B -q dependency:go-offline

COPY src/ src/
COPY routes/ routes/
RUN mvn -B -DskipTests package

# ---------------------------------------------------------------------------------------------
# Stage 2: the runtime image.
# ---------------------------------------------------------------------------------------------
FROM eclipse-temurin:17-jre

# A fixed uid and gid, so that file permissions on mounted files (the user store) can be
# granted to them. 10001 stays clear of the ubuntu user (uid 1000) of the Ubuntu base image.
RUN groupadd --gid 10001 ucs \
    && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /opt/ucs-gateway \
        --shell /usr/sbin/nologin ucs

WORKDIR /opt/ucs-gateway

# Root owns the program files, so the gateway process cannot change them. The jar's manifest
# class path names lib/*.jar, and routes/ is the default of ucs.routes.dir.
COPY --from=build /build/target/lib/ lib/
COPY --from=build /build/target/ucs-gateway.jar ./
COPY --from=build /build/routes/ routes/

# data/ (ucs.data.dir) is written only in the embedded development mode, which runs when
# KAFKA_BOOTSTRAP_SERVERS is not set. It is writable so that `docker run` without any
# configuration starts too.
RUN mkdir data && chown 10001:10001 data

# The default of ucs.http.host, 127.0.0.1, cannot be reached from outside the container.
ENV UCS_HTTP_HOST=0.0.0.0
EXPOSE 8080

USER 10001:10001

# The check uses bash's /dev/tcp redirection instead of curl or wget. The eclipse-temurin
# Dockerfiles for Java 17 (adoptium/containers, 17/jre/ubuntu/noble) install curl and wget,
# but the images for Java 22 and later no longer install curl, so a check that needs curl
# could break when the base image changes. bash is an essential package of every Ubuntu
# image. The check sends GET /health/ready and passes only on status 200. The port follows
# UCS_HTTP_PORT.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${UCS_HTTP_PORT:-8080} && printf 'GET /health/ready HTTP/1.0\\r\\nHost: 127.0.0.1\\r\\n\\r\\n' >&3 && read -r protocol status reason <&3 && [ \"${status%$'\\r'}\" = 200 ]"]

# This replaces the base image's entrypoint, /__cacert_entrypoint.sh, so USE_SYSTEM_CA_CERTS
# has no effect. For Kafka over TLS with a private certificate authority, set
# kafka.ssl.truststore.location to a mounted truststore file.
# Arguments after the image name select a command, such as add-user or listen.
ENTRYPOINT ["java", "-jar", "ucs-gateway.jar"]
