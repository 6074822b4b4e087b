"""The moto servers of a Jest run (started by global-setup.ts), in one go:

    python3 servers.py MANAGED [MANAGED ...]

One server per argument: 1 for a server with the AWS managed policies loaded
(MOTO_IAM_LOAD_MANAGED_POLICIES=true), 0 for a plain one. Prints one JSON line on standard output,
as soon as the servers accept connections: {"ports": [...]} in the order asked, or
{"unavailable": "why"} when moto is not installed (then exits 0).

Why one launcher: it binds every port first (so Jest goes on at once: a call that comes early waits
in the port's queue), then imports moto and calls each service the tests use once, and only then
forks one process per server, which serves on its port. The servers share that work instead of
each paying it (about 1 s of CPU to start, then 2 s at the first EC2 call, 1 s for the Tagging API,
0.7 s for CloudFormation), and each stays a process of its own, with its own state.

Stops its servers on SIGTERM and when its standard input closes (the Jest that started it is
gone); a server stops when the launcher is gone. Where os.fork is missing (Windows) it starts
`python -m moto.server` per port instead, and prints the ports once they answer.
"""

import gc
import importlib.util
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

# One call of each service the tests use, as the SDK sends it: (signing name, region, query or JSON target).
WARM_UP = [
    ("ec2", "eu-west-1", "Action=DescribeVpcs&Version=2016-11-15"),
    ("cloudformation", "eu-west-1", "Action=DescribeStacks&Version=2010-05-15"),
    ("elasticloadbalancing", "eu-west-1", "Action=DescribeLoadBalancers&Version=2015-12-01"),
    ("iam", "us-east-1", "Action=ListUsers&Version=2010-05-08"),
    ("sts", "us-east-1", "Action=GetCallerIdentity&Version=2011-06-15"),
    ("monitoring", "eu-west-1", "Action=ListMetrics&Version=2010-08-01"),
    ("ssm", "eu-west-1", "AmazonSSM.DescribeParameters"),
    ("logs", "eu-west-1", "Logs_20140328.DescribeLogGroups"),
    ("tagging", "eu-west-1", "ResourceGroupsTaggingAPI_20170126.GetResources"),
    ("secretsmanager", "eu-west-1", "secretsmanager.ListSecrets"),
    ("servicequotas", "eu-west-1", "ServiceQuotasV20190624.GetServiceQuota"),
    ("budgets", "us-east-1", "AWSBudgetServiceGateway.DescribeBudgets"),
    ("scheduler", "eu-west-1", "AWSChronos.ListSchedules"),
]
JSON_BODIES = {
    "servicequotas": {"ServiceCode": "ec2", "QuotaCode": "L-1216C47A"},
    "budgets": {"AccountId": "123456789012"},
}


said = False


def say(message):
    """The one line global-setup.ts reads; nothing else goes to standard output."""
    global said
    said = True
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)


def warm_up(app):
    """Imports each service and builds its routes (a call moto refuses still does), then forgets the state."""
    from werkzeug.test import Client

    client = Client(app)
    for service, region, call in WARM_UP:
        headers = {
            "Authorization": f"AWS4-HMAC-SHA256 Credential=testing/20260101/{region}/{service}/aws4_request, SignedHeaders=host, Signature=0"
        }
        if "Action=" in call:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = call
        else:
            headers["Content-Type"] = "application/x-amz-json-1.1"
            headers["X-Amz-Target"] = call
            body = json.dumps(JSON_BODIES.get(service, {}))
        try:
            client.post("/", headers=headers, data=body)
        except Exception as error:  # only warming: the servers answer the real calls
            print(f"warm-up of {service} failed: {error!r}", file=sys.stderr)
    client.post("/moto-api/reset")


def source_of(module_name, *names):
    """The source of moto's `module_name.name[.name...]`, or None where moto has no such thing.
    Each patch below applies only where this source is the code it was written against;
    elsewhere moto is left as it is."""
    import importlib
    import inspect

    try:
        target = importlib.import_module(module_name)
        for name in names:
            target = getattr(target, name)
        return inspect.getsource(target)
    except (ImportError, AttributeError, OSError, TypeError):
        return None


def parse_managed_policies_once():
    """moto parses its 4 MB of AWS managed policies again for every account (0.15 s each, and each
    test on the managed-policy server has an account of its own): parse them once, here, for all."""
    source = source_of("moto.iam.models", "IAMBackend", "_init_aws_policies") or ""
    if "json.loads(aws_managed_policies_data)" not in source or "AWSManagedPolicy.from_data(" not in source:
        return
    from moto.iam import models

    parsed = json.loads(models.aws_managed_policies_data)
    # from_data also writes each policy's document back to JSON and reads its dates, the same for
    # every account (~0.12 s an account): done once here too, where from_data is the code it repeats.
    from_data = source_of("moto.iam.models", "AWSManagedPolicy", "from_data") or ""
    arguments = re.findall(r"(\w+)=", from_data.partition("cls(")[2])
    prepared = None
    if sorted(arguments) == sorted(["account_id", "region", "default_version_id", "path", "document", "create_date", "update_date"]) and all(
        part in from_data
        for part in (
            'default_version_id=data.get("DefaultVersionId")',
            'path=data.get("Path")',
            'document=json.dumps(data.get("Document"))',
            'create_date=datetime.fromisoformat(data["CreateDate"])',
            'update_date=datetime.fromisoformat(data["UpdateDate"])',
        )
    ):
        from datetime import datetime

        prepared = {
            name: dict(
                default_version_id=d.get("DefaultVersionId"),
                path=d.get("Path"),
                document=json.dumps(d.get("Document")),
                create_date=datetime.fromisoformat(d["CreateDate"]),
                update_date=datetime.fromisoformat(d["UpdateDate"]),
            )
            for name, d in parsed.items()
        }

    def init_aws_policies(self):
        if not models.load_iam_aws_managed_policies():
            return []
        if prepared is None:
            return [models.AWSManagedPolicy.from_data(name, self.account_id, self.region_name, d) for name, d in parsed.items()]
        return [models.AWSManagedPolicy(name, account_id=self.account_id, region=self.region_name, **p) for name, p in prepared.items()]

    models.IAMBackend._init_aws_policies = init_aws_policies


def faster_ec2_ids():
    """moto makes each EC2 id (vol-, snap-, i-, ...) with one random.choice per hex digit, and an
    EC2 backend makes two ids per default AMI (its volume and snapshot). The same ids, as random,
    from one draw of the same generator: 13 times faster."""
    source = source_of("moto.ec2.utils", "random_resource_id") or ""
    if 'return "".join(random.choice(HEX_CHARS) for _ in range(size))' not in source:
        return
    from moto.ec2 import utils

    generator = utils.random

    def random_resource_id(size: int = 8) -> str:
        return format(generator.getrandbits(4 * size), f"0{size}x")

    utils.random_resource_id = random_resource_id


def without_ecs_optimized_amis():
    """An EC2 backend (one per account and region, built again after every reset: ~145 times in a
    run) loads moto's 1165 default AMIs, 1095 of them ECS-optimized, each with a volume and a
    snapshot. No lab or test uses an ECS-optimized AMI: load the others only (the 44 of moto's own
    list and the region's 26 latest Amazon Linux images). With faster_ec2_ids, a backend is built
    in 2 ms instead of 35 ms, and the AMI and snapshot filters have 17 times fewer to go through."""
    source = source_of("moto.ec2.models.amis", "AmiBackend", "_load_amis") or ""
    if '"ecs/optimized_amis"' not in source or "load_resource(" not in source:
        return
    from moto.ec2.models import amis

    load_resource = amis.load_resource

    def load_resource_without_ecs_amis(package, resource, *args, **kwargs):
        if "ecs/optimized_amis/" in resource:
            raise FileNotFoundError(resource)  # what moto does for a region it has no list of
        return load_resource(package, resource, *args, **kwargs)

    amis.load_resource = load_resource_without_ecs_amis


def kms_private_keys_when_used():
    """moto's KMS makes a private key for every key it creates, symmetric ones too (an RSA 2048
    key: ~50 ms), and EC2 creates one (aws/ebs) in each account and region where a test makes its
    first encrypted volume: after every reset. Only Sign, Verify and GetPublicKey of an asymmetric
    key use it: make it then, the same key as before."""
    source = source_of("moto.kms.models", "Key", "__init__") or ""
    if "self.private_key = generate_private_key(self.key_spec)" not in source:
        return
    from moto.kms import models

    generate_private_key = models.generate_private_key

    class PrivateKeyWhenUsed:
        def __init__(self, key_spec):
            self._key_spec = key_spec
            self._key = None

        def __getattr__(self, name):
            if self._key is None:
                self._key = generate_private_key(self._key_spec)
            return getattr(self._key, name)

    models.generate_private_key = PrivateKeyWhenUsed


def remember_moto_lookups():
    """Two answers moto works out again at every request, the same each time: which services it
    has (a listing of its package folder and a stat per entry, twice per request) and the
    methods of a service's response class (inspect.getmembers). Remembered after the first time."""
    if "os.listdir(path)" in (source_of("moto.backends", "list_of_moto_modules") or ""):
        from moto import backends

        modules = tuple(backends.list_of_moto_modules())
        backends.list_of_moto_modules = lambda: iter(modules)
    if "inspect.getmembers(clazz, predicate=predicate)" in (source_of("moto.core.utils", "method_names_from_class") or ""):
        from moto.core import responses, utils

        if responses.method_names_from_class is utils.method_names_from_class:
            methods = {}
            original = utils.method_names_from_class

            def method_names_from_class(clazz):
                if clazz not in methods:
                    methods[clazz] = tuple(original(clazz))
                return list(methods[clazz])

            responses.method_names_from_class = method_names_from_class


def serve(app, listener, others, managed_policies, launcher):
    """In a forked process: one server on its port, until stopped or the launcher is gone."""
    from werkzeug.serving import make_server

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    for other in others:
        other.close()
    try:
        # Forked processes share the launcher's random state: give each server its own ids.
        from moto.moto_api._internal import mock_random

        mock_random.seed()
    except ImportError:
        pass
    port = listener.getsockname()[1]
    os.environ["MOTO_PORT"] = str(port)
    os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true" if managed_policies else "false"

    def exit_with_launcher():
        while os.getppid() == launcher:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=exit_with_launcher, daemon=True).start()
    make_server("127.0.0.1", port, app, threaded=True, fd=listener.fileno()).serve_forever()
    os._exit(0)


def stop_when_input_ends(stop):
    def watch():
        # The raw descriptor: a daemon thread in a buffered read would abort Python's exit.
        while os.read(sys.stdin.fileno(), 1024):
            pass
        stop()

    threading.Thread(target=watch, daemon=True).start()


def run_forked(listeners, managed):
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

    app = DomainDispatcherApplication(create_backend_app)
    app.debug = True
    parse_managed_policies_once()
    faster_ec2_ids()
    without_ecs_optimized_amis()
    remember_moto_lookups()
    kms_private_keys_when_used()
    warm_up(app)
    sys.stderr.flush()
    # What the servers share stays out of their garbage collections: without this, a full
    # collection walks moto's modules and the AWS models (and unshares their pages), which
    # costs each server seconds at random calls.
    gc.collect()
    gc.freeze()

    launcher = os.getpid()
    children = []
    for i, (listener, managed_policies) in enumerate(zip(listeners, managed)):
        pid = os.fork()
        if pid == 0:
            serve(app, listener, listeners[:i] + listeners[i + 1 :], managed_policies, launcher)
        children.append(pid)
    # Each port is its server's alone: when a server dies, its port refuses instead of hanging.
    for listener in listeners:
        listener.close()
    return children


def run_spawned(listeners, managed):
    """Without os.fork: one `python -m moto.server` per port (each imports moto itself)."""
    ports = [listener.getsockname()[1] for listener in listeners]
    for listener in listeners:
        listener.close()
    children = []
    for port, managed_policies in zip(ports, managed):
        env = {**os.environ, "MOTO_IAM_LOAD_MANAGED_POLICIES": "true" if managed_policies else "false"}
        command = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
        children.append(subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    deadline = time.monotonic() + 60
    for port in ports:
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/moto-api/data.json", timeout=5).close()
                break
            except OSError:
                if time.monotonic() > deadline or any(child.poll() is not None for child in children):
                    for child in children:
                        child.kill()
                    sys.exit(f"moto did not start on port {port}")
                time.sleep(0.1)
    return children


def main(argv):
    try:
        return start(argv)
    except Exception as error:
        if not said:
            say({"error": f"{error!r} (run python3 {__file__} 0 to see more)"})
        raise


def start(argv):
    missing = [module for module in ("moto", "flask", "flask_cors") if importlib.util.find_spec(module) is None]
    if missing:
        say({"unavailable": f"moto is not installed for {sys.executable} ({', '.join(missing)} missing: pip install 'moto[server]')"})
        return 0
    managed = [arg == "1" for arg in argv]
    listeners = []
    for _ in managed:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", 0))
        listener.listen(128)
        listeners.append(listener)
    ports = [listener.getsockname()[1] for listener in listeners]

    if hasattr(os, "fork"):
        say({"ports": ports})
        children = run_forked(listeners, managed)
        stopping = threading.Event()

        def stop(*_):
            stopping.set()
            for pid in children:
                try:
                    os.kill(pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        stop_when_input_ends(stop)
        code = 0
        for _ in children:
            pid, status = os.wait()
            if not stopping.is_set():
                print(f"moto server {pid} exited ({status}): stopping the others", file=sys.stderr)
                code = 1
                stop()
        return code

    processes = run_spawned(listeners, managed)
    say({"ports": ports})
    stopping = threading.Event()

    def stop_spawned(*_):
        stopping.set()
        for process in processes:
            process.terminate()

    signal.signal(signal.SIGTERM, stop_spawned)
    signal.signal(signal.SIGINT, stop_spawned)
    stop_when_input_ends(stop_spawned)
    codes = [process.wait() for process in processes]
    return 0 if stopping.is_set() else max(codes)


if __name__ == "__main__":
    code = main(sys.argv[1:])
    sys.stderr.flush()
    os._exit(code)
