from_tfvars = "tfvars"
from_auto   = "tfvars"
from_file   = "tfvars"
from_var    = "tfvars"
cfg         = { name = "web" }
not_null    = null
