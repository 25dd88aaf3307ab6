# Sourced by the wrappers in bin/ (warren-server, warrenctl): makes sure the packaged layout in
# distribution/target/warren is built and current, then leaves its path in $WARREN_LAYOUT.
#
# It builds (mvn package of the distribution module and what it needs, tests skipped) when
# distribution/target/warren/lib is missing or a src/ file or pom.xml changed since the last
# build it made. WARREN_SKIP_BUILD=1 never builds. Messages go to standard error, so that a
# command's output stays clean for scripts.

# $1: the wrapper's name, for messages; $2: the repository root.
warren_layout() {
    local tool="$1" root="$2"
    WARREN_LAYOUT="$root/distribution/target/warren"
    local stamp="$WARREN_LAYOUT/.built-by-warren-server"

    if [[ "${WARREN_SKIP_BUILD:-0}" != 1 ]] && _warren_needs_build "$root" "$stamp"; then
        echo "$tool: building Warren (first run, or sources changed since the last build)..." >&2
        # Marked before building, so that a file edited during the build triggers the next one.
        mkdir -p "$root/distribution/target"
        local started="$root/distribution/target/.warren-build-started"
        touch "$started"
        # Maven prints colour-reset codes even in batch mode; strip them so the log starts on a clean line.
        if ! (cd "$root" && mvn -q -B -DskipTests -Dmaven.javadoc.skip=true -pl distribution -am package 2>&1 \
                | sed -u $'s/\e\\[0m//g' >&2); then
            echo "$tool: the build failed; see the errors above" >&2
            exit 1
        fi
        mv "$started" "$stamp"
    fi

    if [[ ! -x "$WARREN_LAYOUT/bin/$tool" ]]; then
        echo "$tool: $WARREN_LAYOUT is not built; run without WARREN_SKIP_BUILD=1" >&2
        exit 1
    fi
}

_warren_needs_build() {
    local root="$1" stamp="$2"
    [[ -d "$WARREN_LAYOUT/lib" && -f "$stamp" ]] || return 0
    local changed
    changed="$(find "$root" \( -name target -o -name .git -o -name node_modules \) -prune -o \
        -type f \( -path '*/src/*' -o -name pom.xml \) -newer "$stamp" -print -quit)"
    [[ -n "$changed" ]]
}
