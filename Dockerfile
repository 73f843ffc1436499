# syntax=docker/dockerfile:1

# ---- build: compile and package the fat jar (tests run in CI, not here) ----
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -ntp -q dependency:go-offline
COPY conf ./conf
COPY src ./src
RUN mvn -B -ntp -q package -DskipTests

# ---- run: a JRE, a non-root user, config from the environment ----
FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && groupadd --system app && useradd --system --gid app --home-dir /app --shell /usr/sbin/nologin app \
    && mkdir -p /app/data && chown -R app:app /app
WORKDIR /app
COPY --from=build /src/target/exchange-analytics-infra-fat.jar /app/app.jar
COPY conf /app/conf

# Heap sized from the container's memory limit; the rest is left to metaspace, threads and Netty's
# direct buffers. Exit on OOM so the orchestrator restarts a clean process.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -XX:InitialRAMPercentage=20 -XX:+ExitOnOutOfMemoryError" \
    HTTP_PORT=8080 \
    DATA_DIR=/app/data

USER app
EXPOSE 8080
# The outbox journal lives here: mount a volume so accepted notifications survive a new container.
VOLUME ["/app/data"]

HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${HTTP_PORT}/health/live" >/dev/null || exit 1

ENTRYPOINT ["java", "-jar", "/app/app.jar"]
