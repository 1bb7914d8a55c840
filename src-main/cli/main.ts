// The `noc` command. Each area registers its own subcommands; new areas slot in here.
import { Command } from 'commander';
import { registerDemoCommands } from './demo';
import { registerCustomerCommands } from './customers';
import { registerRentalCommands } from './rentals';
import { registerTicketCommands } from './tickets';
import { registerReportCommands } from './reports';
import { registerInventoryCommands } from './inventory';
import { registerIpamCommands } from './ipam';
import { registerIpmiCommands } from './ipmi';
import { registerSnmpCommands } from './snmp';
import { registerServeCommands } from './serve';
import { registerUserCommands } from './users';
import { registerDbCommands } from './db';
import { registerMonitoringCommands } from './monitoring';

export function buildProgram(): Command {
  const program = new Command('noc')
    .description('Aedify NOC: inventory, racks, IPs, monitoring, IPMI console, customers — from the command line')
    .showHelpAfterError('(run with --help for usage)');
  registerServeCommands(program);
  registerInventoryCommands(program);
  registerDemoCommands(program);
  registerUserCommands(program);
  registerIpamCommands(program);
  registerCustomerCommands(program);
  registerRentalCommands(program);
  registerTicketCommands(program);
  registerReportCommands(program);
  registerIpmiCommands(program);
  registerSnmpCommands(program);
  registerDbCommands(program);
  registerMonitoringCommands(program);
  return program;
}

await buildProgram().parseAsync(process.argv);
