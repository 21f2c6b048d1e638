# Sourced by scripts/test: point a bench at this checkout for the integration tier, then put it back.
# Expects APP, APP_DIR, BENCH_DIR, SITE. Starts MariaDB and the bench's Redis only when they are down,
# and stops only what it started.

APP_LINK="$BENCH_DIR/apps/$APP"
SAVED_DIR="$BENCH_DIR/apps/.$APP.saved-by-scripts-test"
PREV_KIND=none PREV_TARGET="" PKG_ADDED=0 APPS_TXT_ADDED=0 SITE_INSTALLED=0 RESTORED=0
STARTED_MARIADB=0 STARTED_REDIS_PORTS=()

bench_frappe() {  # the frappe CLI of the bench, without needing the `bench` wrapper
	(cd "$BENCH_DIR/sites" && ../env/bin/python -m frappe.utils.bench_helper frappe --site "$SITE" "$@")
}

redis_ports() {
	"$BENCH_DIR/env/bin/python" - "$BENCH_DIR/sites/common_site_config.json" <<'PY'
import json, sys
conf = json.load(open(sys.argv[1]))
for key in ("redis_cache", "redis_queue"):
	if conf.get(key):
		print(conf[key].rsplit(":", 1)[1].split("/")[0], key.split("_")[1])
PY
}

start_services() {
	if ! mysqladmin ping >/dev/null 2>&1; then
		echo "starting MariaDB"
		service mariadb start >/dev/null || return 1
		STARTED_MARIADB=1
	fi
	while read -r port name; do
		if ! redis-cli -p "$port" ping >/dev/null 2>&1; then
			echo "starting the bench's redis_$name on port $port"
			(cd "$BENCH_DIR" && redis-server "config/redis_$name.conf" --daemonize yes >/dev/null) || return 1
			STARTED_REDIS_PORTS+=("$port")
		fi
	done < <(redis_ports)
}

stop_services() {
	for port in "${STARTED_REDIS_PORTS[@]}"; do
		redis-cli -p "$port" shutdown nosave >/dev/null 2>&1
	done
	[ $STARTED_MARIADB -eq 1 ] && service mariadb stop >/dev/null
	STARTED_REDIS_PORTS=() STARTED_MARIADB=0
}

prepare_bench() {
	start_services || { echo "could not start MariaDB/Redis"; return 1; }

	if [ -L "$APP_LINK" ]; then
		PREV_KIND=link PREV_TARGET=$(readlink "$APP_LINK")
	elif [ -e "$APP_LINK" ]; then
		PREV_KIND=dir
		mv "$APP_LINK" "$SAVED_DIR" || return 1
	fi
	ln -sfn "$APP_DIR" "$APP_LINK"
	echo "bench app link: $APP_LINK -> $APP_DIR (was: $PREV_KIND $PREV_TARGET)"

	"$BENCH_DIR/env/bin/python" -m pip show -q "$APP" >/dev/null 2>&1 || PKG_ADDED=1
	# Editable install, as `bench get-app` does; brings runtime deps and pytest. setuptools records
	# the link's resolved target, so restore_bench installs it again once the link is back.
	"$BENCH_DIR/env/bin/python" -m pip install -q --disable-pip-version-check -e "$APP_LINK[test]" || return 1

	if ! grep -qx "$APP" "$BENCH_DIR/sites/apps.txt"; then
		[ -n "$(tail -c1 "$BENCH_DIR/sites/apps.txt")" ] && echo >>"$BENCH_DIR/sites/apps.txt"
		echo "$APP" >>"$BENCH_DIR/sites/apps.txt"
		APPS_TXT_ADDED=1
	fi

	if bench_frappe list-apps 2>/dev/null | grep -qw "$APP"; then
		if [ "$PREV_KIND" = link ] && same_code "$PREV_TARGET" "$APP_DIR"; then
			echo "site already migrated with identical code"
		else
			bench_frappe migrate || return 1
		fi
	else
		# clears the site's cache first (a map of apps made before the app joined apps.txt would sync
		# none of its DocTypes), and undoes an install that fails
		"$APP_DIR/scripts/install-app" "$SITE" "$BENCH_DIR" || return 1
		SITE_INSTALLED=1
	fi
}

installed_app_dir() {
	(cd / && "$BENCH_DIR/env/bin/python" -c "import os, $APP; print(os.path.dirname(os.path.dirname(os.path.realpath($APP.__file__))))")
}

same_code() {
	[ -d "$1" ] && diff -rq --exclude=.git --exclude=__pycache__ --exclude=.venv --exclude='*.egg-info' \
		"$1/$APP" "$2/$APP" >/dev/null 2>&1
}

restore_bench() {
	[ $RESTORED -eq 1 ] && return
	RESTORED=1
	note "restoring the bench"
	[ $SITE_INSTALLED -eq 1 ] && bench_frappe uninstall-app "$APP" --yes --no-backup
	case $PREV_KIND in
		link) ln -sfn "$PREV_TARGET" "$APP_LINK" ;;
		dir) rm -f "$APP_LINK" && mv "$SAVED_DIR" "$APP_LINK" ;;
		none) rm -f "$APP_LINK" ;;
	esac
	if [ $APPS_TXT_ADDED -eq 1 ]; then
		sed -i "/^$APP\$/d" "$BENCH_DIR/sites/apps.txt"
	fi
	if [ $PKG_ADDED -eq 1 ]; then
		"$BENCH_DIR/env/bin/python" -m pip uninstall -q -y "$APP"
	elif [ "$PREV_KIND" != none ] && [ "$(installed_app_dir)" != "$(readlink -f "$APP_LINK")" ]; then
		"$BENCH_DIR/env/bin/python" -m pip install -q --disable-pip-version-check --no-deps -e "$APP_LINK"
	fi
	if [ $SITE_INSTALLED -eq 0 ] && [ "$PREV_KIND" != none ] && ! same_code "$APP_LINK" "$APP_DIR"; then
		echo "migrating the site back to the app code it had"
		bench_frappe migrate >/dev/null || echo "WARNING: migrate back failed"
	fi
	echo "bench app link: $(readlink "$APP_LINK" 2>/dev/null || echo "$PREV_KIND")"
	stop_services
}
