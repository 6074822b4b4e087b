#!/bin/bash
# EC2 user data for the load-balancer labs (LabNlb, LabAlbRouting): apache.sh's page,
# plus /echo, a page that shows what this web server sees of each request (the
# address the connection comes from, and the X-Forwarded-* headers a load balancer
# adds), and an access log with X-Forwarded-For. Amazon Linux 2023 (dnf, httpd).
# It runs once, as root, at the instance's first boot; its output is in
# /var/log/cloud-init-output.log on the instance.
# APP_NAME (app1, app2, ...: LabAlbRouting sets it above this line) adds the page
# /<APP_NAME>/ that only this instance serves.
set -euo pipefail

# These exist so that the tests can run this script in a sandbox.
WEB_ROOT="${WEB_ROOT:-/var/www/html}"
CGI_DIR="${CGI_DIR:-/var/www/cgi-bin}"
HTTPD_CONF_DIR="${HTTPD_CONF_DIR:-/etc/httpd/conf.d}"
APP_NAME="${APP_NAME:-}"
if [[ -n "$APP_NAME" && ! "$APP_NAME" =~ ^app[0-9]+$ ]]; then
  echo "APP_NAME must be app1, app2, ... or empty, not: ${APP_NAME}" >&2
  exit 1
fi

# Keep the packages up to date, then install the Apache web server.
dnf -y update
dnf -y install httpd

# The page shows which instance answered. The assignment stands alone so that a
# failing hostname stops the script.
fqdn="$(hostname -f)"
mkdir -p "$WEB_ROOT" "$CGI_DIR" "$HTTPD_CONF_DIR"
echo "Hello World from ${fqdn}" > "${WEB_ROOT}/index.html"
if [[ -n "$APP_NAME" ]]; then
  mkdir -p "${WEB_ROOT}/${APP_NAME}"
  echo "${APP_NAME} from ${fqdn}" > "${WEB_ROOT}/${APP_NAME}/index.html"
fi

# /echo: REMOTE_ADDR is whoever opened the TCP connection (behind an ALB: the load
# balancer; behind an NLB with client IP preservation: you). "-" means "not sent".
cat > "${CGI_DIR}/echo" <<'CGI'
#!/bin/bash
printf 'Content-Type: text/plain\r\nCache-Control: no-store\r\n\r\n'
printf 'host %s\n' "$(hostname -f)"
printf 'remote-addr %s\n' "${REMOTE_ADDR:--}"
printf 'x-forwarded-for %s\n' "${HTTP_X_FORWARDED_FOR:--}"
printf 'x-forwarded-proto %s\n' "${HTTP_X_FORWARDED_PROTO:--}"
printf 'x-forwarded-port %s\n' "${HTTP_X_FORWARDED_PORT:--}"
CGI
chmod 0755 "${CGI_DIR}/echo"

# The access log the notes ask for: the client's own IP from X-Forwarded-For first,
# then the address of the connection (%a). See /var/log/httpd/forwarded_log.
{
  printf 'ScriptAlias /echo "%s/echo"\n' "$CGI_DIR"
  cat <<'CONF'
LogFormat "%{X-Forwarded-For}i %a %t \"%r\" %>s %b \"%{User-Agent}i\"" forwarded
CustomLog "logs/forwarded_log" forwarded
CONF
} > "${HTTPD_CONF_DIR}/lab-echo.conf"

# Start Apache now and at every boot, once its configuration is in place.
systemctl enable --now httpd
