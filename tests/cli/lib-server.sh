# Servers for the transport tests, on 127.0.0.1 at free ports, started by
# the test that needs them and stopped when it exits:
#
#   start_http DIR    smart HTTP: git-http-backend behind nginx (fcgiwrap),
#                     serving the bare repositories in DIR; sets HTTP_URL
#   start_daemon DIR  git daemon serving DIR, pushes enabled; sets GIT_URL
#
# Each returns non-zero when its server cannot be had (not installed, or it
# did not answer); the caller skips what needs it.

# Each server leads a process group of its own (setsid), so that stopping
# it stops its workers too.
SERVER_PIDS=

stop_servers () {
	for pid in $SERVER_PIDS; do
		kill -KILL "-$pid" 2>/dev/null
	done
	for pid in $SERVER_PIDS; do
		wait "$pid" 2>/dev/null
	done
	SERVER_PIDS=
}
trap stop_servers EXIT

# Start "$@" in the background in a new process group.
spawn_server () {
	setsid "$@" </dev/null &
	SERVER_PIDS="$SERVER_PIDS $!"
}

free_port () {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# Wait until `$@` succeeds: a server's first answer, at most 20 s.
await_answer () {
	n=0
	until "$@" >/dev/null 2>&1; do
		n=$((n + 1))
		[ $n -lt 200 ] || return 1
		sleep 0.1
	done
}

start_http () {
	command -v nginx >/dev/null && command -v fcgiwrap >/dev/null &&
		[ -x "$(git --exec-path)/git-http-backend" ] || return 1
	http_dir="$TRASH/.http"
	mkdir -p "$http_dir/tmp" || return 1
	# Enough workers that concurrent pushes are not served one at a time.
	spawn_server fcgiwrap -c 16 -s "unix:$http_dir/fcgi.sock"
	port=$(free_port) || return 1
	user=
	[ "$(id -u)" -eq 0 ] && user="user root root;"
	cat >"$http_dir/nginx.conf" <<-EOF
	daemon off;
	$user
	worker_processes 2;
	pid $http_dir/nginx.pid;
	error_log $http_dir/error.log;
	events { worker_connections 512; }
	http {
		access_log off;
		client_body_temp_path $http_dir/tmp/body;
		fastcgi_temp_path $http_dir/tmp/fastcgi;
		proxy_temp_path $http_dir/tmp/proxy;
		uwsgi_temp_path $http_dir/tmp/uwsgi;
		scgi_temp_path $http_dir/tmp/scgi;
		client_max_body_size 0;
		server {
			listen 127.0.0.1:$port;
			location / {
				include /etc/nginx/fastcgi_params;
				fastcgi_pass unix:$http_dir/fcgi.sock;
				fastcgi_request_buffering off;
				fastcgi_read_timeout 300s;
				fastcgi_param SCRIPT_FILENAME $(git --exec-path)/git-http-backend;
				fastcgi_param GIT_PROJECT_ROOT $1;
				fastcgi_param GIT_HTTP_EXPORT_ALL "";
				fastcgi_param PATH_INFO \$uri;
				fastcgi_param REMOTE_USER tester;
			}
		}
	}
	EOF
	spawn_server nginx -p "$http_dir" -c "$http_dir/nginx.conf" \
		-e "$http_dir/error.log" 2>>"$http_dir/error.log"
	HTTP_URL="http://127.0.0.1:$port"
	await_answer git ls-remote "$HTTP_URL/$(cd "$1" && ls -d *.git | head -1)"
}

start_daemon () {
	port=$(free_port) || return 1
	spawn_server git daemon --reuseaddr --export-all --enable=receive-pack \
		--base-path="$1" --listen=127.0.0.1 --port="$port" \
		--max-connections=128 "$1" 2>"$TRASH/.daemon.log"
	GIT_URL="git://127.0.0.1:$port"
	await_answer git ls-remote "$GIT_URL/$(cd "$1" && ls -d *.git | head -1)"
}
